package dev.shoal.ui.view;

import static dev.shoal.ui.view.ShownNodes.shown;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.TestHomes;
import dev.shoal.ui.EngineBridge;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every view of the window, checked the way a user with larger text or only a keyboard meets it: nothing cut off
 * at the default size or with text at 150 %, every control named for a screen reader, every action of the main
 * window reached with Tab. Each view is also saved as a picture in {@code docs/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WindowViewsIT {
    @TempDir
    static Path tmp;

    private static int run;
    private ShoalService alpha;
    private EngineBridge bridge;
    private MainViewModel model;
    private Stage stage;
    private Path docs;
    private String gamma;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path base = Files.createDirectories(tmp.resolve("run-" + run++));
        Path home = base.resolve("home-alpha");
        TestHomes.init(home, "alpha");
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        alpha = ShoalService.start(ShoalHome.resolve(home), "alpha");
        docs = Files.createDirectories(base.resolve("Documents"));
        Files.writeString(docs.resolve("notes.txt"), "mine");
        Files.writeString(docs.resolve("notes.sync-conflict-20261121-130750-BETA234.txt"), "theirs");
        Path versions = Files.createDirectories(docs.resolve(".shoal/versions"));
        Files.writeString(versions.resolve("report~20261201-101500.txt"), "the old report");
        gamma = TestHomes.someDeviceId(21);
        alpha.addDevice(gamma, "gamma");
        alpha.addFolder("docs", docs, List.of(gamma), dev.shoal.engine.api.FolderType.SEND_RECEIVE);
        model = new MainViewModel(ZoneId.systemDefault());
        bridge = new EngineBridge(alpha, model, Platform::runLater);
        MainWindow window = new MainWindow(alpha, model, bridge, null);
        stage.setScene(new Scene(window.root()));
        stage.setTitle("Shoal");
        stage.show();
        bridge.start();
    }

    @AfterEach
    void stop() {
        bridge.close();
        alpha.close();
    }

    /** Each view by name, opened over the main window. */
    private Map<String, Supplier<Stage>> views() {
        Map<String, Supplier<Stage>> views = new LinkedHashMap<>();
        Runnable none = () -> {};
        views.put("pairing-dialog", () -> PairingDialog.open(stage, alpha, model, none));
        views.put("add-folder-dialog", () -> AddFolderDialog.open(stage, alpha, model, none));
        views.put("folder-edit-dialog", () -> FolderEditDialog.open(stage, alpha, "docs", none));
        views.put("versions-dialog", () -> VersionsDialog.open(stage, alpha, "docs", none));
        views.put("conflicts-view", () -> ConflictsDialog.open(stage, alpha, null, none));
        views.put("settings-dialog", () -> SettingsDialog.open(stage, alpha, none));
        views.put("device-edit-dialog", () -> DeviceEditDialog.open(stage, alpha, gamma, none));
        views.put(
                "folder-problems-dialog",
                () -> FolderErrorsDialog.open(stage, model.folders().getFirst()));
        return views;
    }

    private void awaitMainWindowFilled(FxRobot robot) throws InterruptedException {
        Await.until(
                () -> {
                    WaitForAsyncUtils.waitForFxEvents();
                    return !model.folders().isEmpty()
                            && !model.devices().isEmpty()
                            && model.conflictsProperty().get() == 1
                            && robot.lookup("#pauseFolder").tryQuery().isPresent()
                            && robot.lookup("#pauseDevice").tryQuery().isPresent();
                },
                "the folder, the device and the conflict show",
                30);
    }

    @Test
    void noViewIsCutOffAtTheDefaultSizeOrWithTextAt150PercentAndEveryControlIsNamed(FxRobot robot) throws Exception {
        awaitMainWindowFilled(robot);
        List<String> problems = new ArrayList<>();
        for (double scale : new double[] {1.0, 1.5}) {
            robot.interact(() -> scale(stage.getScene(), scale));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> problems.addAll(check("main-window", scale, stage.getScene())));
            if (scale == 1.0) {
                robot.interact(() -> screenshot(stage.getScene(), "main-window"));
            }
            for (var view : views().entrySet()) {
                Stage[] opened = new Stage[1];
                robot.interact(() -> {
                    opened[0] = view.getValue().get();
                    scale(opened[0].getScene(), scale);
                    opened[0].sizeToScene();
                });
                WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS); // lists fill from the background worker
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> {
                    problems.addAll(check(view.getKey(), scale, opened[0].getScene()));
                    if (scale == 1.0 && !view.getKey().equals("folder-problems-dialog")) { // saved with a problem below
                        screenshot(opened[0].getScene(), view.getKey());
                    }
                    opened[0].close();
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theKeyboardReachesEveryActionOfTheMainWindow(FxRobot robot) throws Exception {
        awaitMainWindowFilled(robot);
        Set<String> wanted = new LinkedHashSet<>();
        robot.interact(() -> visit(stage.getScene().getRoot(), n -> {
            if (n instanceof ButtonBase b && b.getId() != null && b.isVisible() && !b.isDisabled()) {
                wanted.add(b.getId());
            }
        }));
        assertThat(wanted)
                .contains(
                        "pairButton",
                        "addFolderButton",
                        "settingsButton",
                        "pauseFolder",
                        "openFolder",
                        "folderVersions",
                        "removeFolder",
                        "editDevice",
                        "pauseDevice",
                        "removeDevice");
        Set<String> reached = new LinkedHashSet<>();
        robot.interact(() -> stage.getScene().getRoot().requestFocus());
        for (int i = 0; i < 80 && !reached.containsAll(wanted); i++) {
            robot.type(KeyCode.TAB);
            Node focused = stage.getScene().getFocusOwner();
            if (focused != null && focused.getId() != null) {
                reached.add(focused.getId());
            }
        }
        assertThat(reached).containsAll(wanted);
    }

    @Test
    void theKeyboardReachesEveryControlOfEveryDialog(FxRobot robot) throws Exception {
        awaitMainWindowFilled(robot);
        List<String> missed = new ArrayList<>();
        int[] controls = {0};
        for (var view : views().entrySet()) {
            Stage[] opened = new Stage[1];
            robot.interact(() -> {
                opened[0] = view.getValue().get();
                opened[0].requestFocus();
            });
            WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS); // lists fill from the background worker
            WaitForAsyncUtils.waitForFxEvents();
            Scene scene = opened[0].getScene();
            Set<Node> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            robot.interact(() -> visit(scene.getRoot(), n -> {
                boolean control = n instanceof ButtonBase
                        || n instanceof ComboBoxBase
                        || n instanceof javafx.scene.control.Spinner
                        || (n instanceof TextInputControl && owner(n) == n);
                if (control && !n.isDisabled() && n.isFocusTraversable()) {
                    wanted.add(n);
                }
            }));
            controls[0] += wanted.size();
            Set<Node> reached = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i = 0; i < 3 * wanted.size() + 10 && !reached.containsAll(wanted); i++) {
                robot.type(KeyCode.TAB);
                Node focused = scene.getFocusOwner();
                if (focused != null) {
                    reached.add(owner(focused));
                }
            }
            wanted.stream()
                    .filter(n -> !reached.contains(n))
                    .forEach(n -> missed.add(view.getKey() + ": " + describe(n) + " '" + name(n) + "'"));
            robot.interact(() -> opened[0].close());
        }
        assertThat(controls[0]).as("controls in the dialogs").isGreaterThan(30);
        assertThat(missed).as("controls Tab never reached").isEmpty();
    }

    /** The control a focused node belongs to (a spinner's or combo box's text field: the spinner or box). */
    private static Node owner(Node n) {
        for (Node at = n.getParent(); at != null; at = at.getParent()) {
            if (at instanceof javafx.scene.control.Spinner<?> || at instanceof ComboBoxBase<?>) {
                return at;
            }
        }
        return n;
    }

    @Test
    void aFolderOpensInTheFileManagerAndListsItsProblemsInFull(FxRobot robot) throws Exception {
        awaitMainWindowFilled(robot);
        Path opened = tmp.resolve("opened-" + run + ".txt");
        Path opener = tmp.resolve("opener-" + run + ".sh");
        Files.writeString(opener, "#!/bin/sh\necho \"$1\" > " + opened + "\n");
        opener.toFile().setExecutable(true);
        System.setProperty("shoal.ui.openCommand", opener.toString());
        try {
            robot.clickOn(shown(robot, "#openFolder"));
            Await.until(() -> Files.exists(opened), "the file manager is started", 20);
            assertThat(Files.readString(opened).strip())
                    .isEqualTo(docs.toAbsolutePath().toString());
        } finally {
            System.clearProperty("shoal.ui.openCommand");
        }

        // The folder's directory disappears: the folder stops, and its problem is there in full.
        assertThat(robot.lookup("#folderProblems").match(Node::isVisible).tryQuery())
                .isEmpty();
        Path moved = docs.resolveSibling("Documents-moved");
        Files.move(docs, moved);
        robot.interact(() -> alpha.rescan("docs"));
        Await.until(
                () -> {
                    WaitForAsyncUtils.waitForFxEvents();
                    return model.folders().getFirst().errorsProperty().get() > 0;
                },
                "the folder reports its missing directory",
                30);
        robot.clickOn(shown(robot, "#folderProblems"));
        Await.until(
                () -> {
                    WaitForAsyncUtils.waitForFxEvents();
                    return robot.lookup("#folderErrorText").tryQuery().isPresent();
                },
                "the problems open",
                10);
        String text = robot.lookup("#folderErrorText")
                .queryAs(javafx.scene.control.TextArea.class)
                .getText();
        assertThat(text)
                .isEqualTo(String.join(
                        "\n", model.folders().getFirst().errorListProperty().get()));
        assertThat(text).contains(docs.toString());
        robot.interact(() -> screenshot(robot.lookup("#folderErrorText").query().getScene(), "folder-problems-dialog"));
    }

    private static void scale(Scene scene, double scale) {
        scene.getRoot()
                .setStyle(String.format(
                        java.util.Locale.ROOT,
                        "-fx-font-size: %.1fpx;",
                        Font.getDefault().getSize() * scale));
        scene.getRoot().applyCss();
        scene.getRoot().layout();
    }

    /** What a user would find cut off or unnamed in {@code scene}. */
    private static List<String> check(String view, double scale, Scene scene) {
        List<String> found = new ArrayList<>();
        String where = view + " at " + Math.round(scale * 100) + " %: ";
        visit(scene.getRoot(), n -> {
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
                for (Node child : l.getChildrenUnmodifiable()) {
                    // The label's own text node (an icon is a Text too, of its own class)
                    boolean own = child.getClass().getSimpleName().equals("LabeledText");
                    if (own && child instanceof Text t && !t.getText().equals(l.getText()) && !l.isWrapText()) {
                        found.add(where + "'" + l.getText() + "' shows as '" + t.getText() + "'");
                    }
                }
            }
            boolean control = n instanceof ButtonBase || n instanceof TextInputControl || n instanceof ComboBoxBase;
            if (control && !scrolls(n)) {
                Bounds b = n.localToScene(n.getLayoutBounds());
                if (b.getMinX() < -1
                        || b.getMinY() < -1
                        || b.getMaxX() > scene.getWidth() + 1
                        || b.getMaxY() > scene.getHeight() + 1) {
                    found.add(where + describe(n) + " lies outside the window (" + b + ")");
                }
            }
            if (control && name(n).isEmpty() && !insideNamedControl(n)) {
                found.add(where + describe(n) + " has no accessible name");
            }
        });
        return found;
    }

    private static String name(Node n) {
        if (n.getAccessibleText() != null && !n.getAccessibleText().isBlank()) {
            return n.getAccessibleText();
        }
        if (n instanceof Labeled l && l.getText() != null) {
            return l.getText().strip();
        }
        if (n instanceof TextInputControl t && t.getPromptText() != null) {
            return t.getPromptText().strip();
        }
        return "";
    }

    /** The text field inside a spinner or combo box is named through its owner. */
    private static boolean insideNamedControl(Node n) {
        for (Node at = n.getParent(); at != null; at = at.getParent()) {
            if (at instanceof javafx.scene.control.Spinner<?> || at instanceof ComboBoxBase<?>) {
                return !name(at).isEmpty();
            }
        }
        return false;
    }

    private static String describe(Node n) {
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : " #" + n.getId());
    }

    /** Inside a list or scroll pane the user scrolls to it: it may lie outside the visible part. */
    private static boolean scrolls(Node n) {
        for (Node at = n.getParent(); at != null; at = at.getParent()) {
            if (at instanceof ScrollPane || at instanceof ListView) {
                return true;
            }
        }
        return false;
    }

    /** Every node shown (visible all the way up), depth first. */
    private static void visit(Node n, java.util.function.Consumer<Node> each) {
        if (!n.isVisible()) {
            return;
        }
        each.accept(n);
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                visit(child, each);
            }
        }
    }

    private static void screenshot(Scene scene, String name) {
        try {
            Screenshots.save(scene, name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
