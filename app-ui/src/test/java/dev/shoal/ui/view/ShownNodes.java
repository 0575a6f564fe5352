package dev.shoal.ui.view;

import dev.shoal.app.Await;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Finding what the window really shows: a list view also lays cells out off the scene to measure them, and a
 * button of such a cell cannot be clicked ("scene is null"), so lookups keep to nodes shown all the way up.
 */
final class ShownNodes {
    private ShownNodes() {}

    /** Waits for {@code condition}, letting the FX thread catch up before each look. */
    static void awaitFx(BooleanSupplier condition, String what, long seconds) throws InterruptedException {
        Await.until(
                () -> {
                    WaitForAsyncUtils.waitForFxEvents();
                    return condition.getAsBoolean();
                },
                what,
                seconds);
    }

    /** The node {@code query} finds in the window itself, once there is one. */
    static Node shown(FxRobot robot, String query) throws InterruptedException {
        Node[] found = new Node[1];
        awaitFx(
                () -> (found[0] = robot.lookup(query)
                                .match(n -> n.getScene() != null && treeVisible(n))
                                .tryQuery()
                                .orElse(null))
                        != null,
                query + " is shown",
                30);
        return found[0];
    }

    /** The text of the label {@code query} finds in the window, or "" while there is none. */
    static String shownText(FxRobot robot, String query) {
        return robot.lookup(query)
                .match(n -> n.getScene() != null && treeVisible(n))
                .tryQueryAs(Label.class)
                .map(Label::getText)
                .orElse("");
    }

    static void clickShown(FxRobot robot, String query) throws InterruptedException {
        robot.clickOn(shown(robot, query));
    }

    /** The node and every parent visible (a list's measuring cells sit under a hidden parent). */
    static boolean treeVisible(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
