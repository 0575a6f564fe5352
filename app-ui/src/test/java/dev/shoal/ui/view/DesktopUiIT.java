package dev.shoal.ui.view;

import static dev.shoal.ui.view.ShownNodes.awaitFx;
import static dev.shoal.ui.view.ShownNodes.clickShown;
import static dev.shoal.ui.view.ShownNodes.shown;
import static dev.shoal.ui.view.ShownNodes.shownText;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.TestHomes;
import dev.shoal.engine.api.VerificationCode;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.ui.EngineBridge;
import dev.shoal.ui.model.FolderRow;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
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
 * The desktop window driven like a user would (TestFX, headless on Monocle), over a real engine in this process
 * and, for pairing, a second real daemon on loopback.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DesktopUiIT {
    @TempDir
    static Path tmp;

    private static int run;
    private Path base;
    private ShoalService alpha;
    private EngineBridge bridge;
    private MainViewModel model;
    private Stage stage;
    private Daemon beta;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        base = Files.createDirectories(tmp.resolve("run-" + run++));
        Path homeA = base.resolve("home-alpha");
        TestHomes.init(homeA, "alpha");
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        alpha = ShoalService.start(ShoalHome.resolve(homeA), "alpha");
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
        if (beta != null) {
            beta.close();
        }
    }

    private static void setText(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    @Test
    void aFolderIsPausedResumedRescannedAndRemovedFromTheWindowItsFilesStaying(FxRobot robot) throws Exception {
        Path docs = Files.createDirectories(base.resolve("docs"));
        Files.writeString(docs.resolve("keep.txt"), "mine");
        alpha.addFolder("docs", docs, List.of(), dev.shoal.engine.api.FolderType.SEND_RECEIVE);
        awaitFx(() -> robot.lookup("#pauseFolder").tryQuery().isPresent(), "the folder and its actions show", 30);
        Button pause = (Button) shown(robot, "#pauseFolder");
        assertThat(pause.getAccessibleText()).isEqualTo("Pause folder docs");

        clickShown(robot, "#pauseFolder");
        awaitFx(
                () -> alpha.config().folder("docs").orElseThrow().paused()
                        && model.folders().getFirst().stateProperty().get().equals("Paused"),
                "the folder is paused",
                20);
        assertThat(pause.getText()).isEqualTo("Resume");
        clickShown(robot, "#pauseFolder");
        awaitFx(() -> !alpha.config().folder("docs").orElseThrow().paused(), "the folder is resumed", 20);
        clickShown(robot, "#rescanFolder");

        clickShown(robot, "#removeFolder");
        shown(robot, "#confirmRemoveFolder"); // removing asks to confirm
        assertThat(alpha.config().folder("docs")).isPresent(); // one click removes nothing
        clickShown(robot, "#confirmRemoveFolder");
        awaitFx(
                () -> model.folders().isEmpty() && alpha.config().folder("docs").isEmpty(),
                "the folder is gone from the window and the config",
                20);
        assertThat(Files.readString(docs.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void aDeviceIsPausedResumedAndRemovedFromTheWindow(FxRobot robot) throws Exception {
        String gamma = TestHomes.someDeviceId(11);
        alpha.addDevice(gamma, "gamma");
        awaitFx(() -> robot.lookup("#pauseDevice").tryQuery().isPresent(), "the device and its actions show", 30);
        assertThat(((Button) shown(robot, "#pauseDevice")).getAccessibleText()).isEqualTo("Pause device " + gamma);
        clickShown(robot, "#pauseDevice");
        awaitFx(
                () -> alpha.config().device(gamma).orElseThrow().paused()
                        && model.devices().getFirst().statusProperty().get().equals("Paused"),
                "the device is paused",
                20);
        clickShown(robot, "#pauseDevice");
        awaitFx(() -> !alpha.config().device(gamma).orElseThrow().paused(), "the device is resumed", 20);

        clickShown(robot, "#removeDevice");
        assertThat(((Button) shown(robot, "#confirmRemoveDevice")).getText())
                .isEqualTo("Unpair 'gamma' (it can no longer connect; files stay)");
        assertThat(alpha.config().device(gamma)).as("one click removes nothing").isPresent();
        clickShown(robot, "#confirmRemoveDevice");
        awaitFx(
                () -> model.devices().isEmpty() && alpha.config().device(gamma).isEmpty(),
                "the device is gone from the window and the config",
                20);
    }

    @Test
    void oldVersionsAreSearchedAndOneIsRestoredFromTheWindowKeepingTheCurrentFile(FxRobot robot) throws Exception {
        Path docs = Files.createDirectories(base.resolve("docs"));
        Path area = Files.createDirectories(docs.resolve(".shoal/versions"));
        Files.writeString(area.resolve("report~20261201-101500.txt"), "the old report");
        Files.writeString(area.resolve("notes~20261202-090000.txt"), "old notes");
        Files.writeString(docs.resolve("report.txt"), "the current report");
        alpha.addFolder("docs", docs, List.of(), dev.shoal.engine.api.FolderType.SEND_RECEIVE);
        awaitFx(() -> robot.lookup("#folderVersions").tryQuery().isPresent(), "the folder shows", 30);
        clickShown(robot, "#folderVersions");
        awaitFx(() -> robot.lookup("#restoreVersion").queryAll().size() == 2, "both versions are listed", 20);
        setText(robot, "#versionSearch", "repo");
        awaitFx(() -> robot.lookup("#restoreVersion").queryAll().size() == 1, "the search narrows the list", 20);
        assertThat(robot.lookup("#versionStatus").queryAs(Label.class).getText())
                .isEqualTo("1 of 2 versions");
        robot.clickOn("#restoreVersion");
        awaitFx(
                () -> {
                    try {
                        return Files.readString(docs.resolve("report.txt")).equals("the old report");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                "the old report is back",
                20);
        awaitFx(
                () -> robot.lookup("#versionMessage")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("Restored report.txt"),
                "the window says so",
                10);
        try (var kept = Files.list(area)) {
            assertThat(kept.filter(p -> p.getFileName().toString().startsWith("report~"))
                            .toList())
                    .singleElement()
                    .satisfies(p -> assertThat(Files.readString(p)).isEqualTo("the current report"));
        }
    }

    @Test
    void aFolderIsEditedFromTheWindowAndTheDaemonAppliesIt(FxRobot robot) throws Exception {
        String gamma = TestHomes.someDeviceId(12);
        alpha.addDevice(gamma, "gamma");
        Path docs = Files.createDirectories(base.resolve("docs"));
        alpha.addFolder("docs", docs, List.of(), dev.shoal.engine.api.FolderType.SEND_RECEIVE);
        awaitFx(() -> robot.lookup("#editFolder").tryQuery().isPresent(), "the folder shows", 30);
        clickShown(robot, "#editFolder");
        awaitFx(() -> robot.lookup("#folderEditDialog").tryQuery().isPresent(), "the edit dialog opens", 10);
        setText(robot, "#folderLabelField", "Documents");
        robot.interact(() -> {
            robot.lookup("#versioningChoice").queryComboBox().setValue("simple");
            robot.lookup("#folderTypeChoice").queryComboBox().setValue("send-only");
        });
        setText(robot, "#versioningKeepField", "3");
        setText(robot, "#rescanIntervalField", "120");
        robot.clickOn("#watchCheck");
        robot.clickOn("#shareWith-" + gamma.substring(0, 7));
        robot.clickOn("#folderEditSave");
        awaitFx(
                () -> {
                    var f = alpha.config().folder("docs").orElseThrow();
                    return "Documents".equals(f.label()) && f.versioning() != null;
                },
                "the edit is saved",
                20);
        var f = alpha.config().folder("docs").orElseThrow();
        assertThat(f.type()).isEqualTo("send-only");
        assertThat(f.versioning().type()).isEqualTo("simple");
        assertThat(f.versioning().keep()).isEqualTo(3);
        assertThat(f.rescanIntervalS()).isEqualTo(120);
        assertThat(f.watched()).isFalse();
        assertThat(f.sharedWith()).containsExactly(gamma);
        awaitFx(() -> robot.lookup("#folderEditDialog").tryQuery().isEmpty(), "the dialog closes", 10);
    }

    @Test
    void aDeviceIsRenamedAndGivenAnAddressFromTheWindow(FxRobot robot) throws Exception {
        String gamma = TestHomes.someDeviceId(13);
        alpha.addDevice(gamma, "gamma");
        awaitFx(() -> robot.lookup("#editDevice").tryQuery().isPresent(), "the device shows", 30);
        clickShown(robot, "#editDevice");
        awaitFx(() -> robot.lookup("#deviceEditDialog").tryQuery().isPresent(), "the edit dialog opens", 10);
        setText(robot, "#deviceAddressesField", "not an address");
        robot.clickOn("#deviceEditSave");
        awaitFx(
                () -> robot.lookup("#deviceEditProblem")
                        .queryAs(Label.class)
                        .getText()
                        .contains("not an address"),
                "a wrong address is refused with a message",
                10);
        setText(robot, "#deviceNameField", "Gamma's NAS");
        setText(robot, "#deviceAddressesField", "198.51.100.7:22000");
        robot.clickOn("#deviceEditSave");
        awaitFx(
                () -> alpha.config().device(gamma).orElseThrow().name().equals("Gamma's NAS"),
                "the new name is saved",
                20);
        assertThat(alpha.config().device(gamma).orElseThrow().addresses()).containsExactly("198.51.100.7:22000");
        awaitFx(
                () -> model.devices().getFirst().nameProperty().get().equals("Gamma's NAS"),
                "the window shows the new name",
                20);
    }

    @Test
    void aTypoInADeviceIdIsRejectedWithAMessage(FxRobot robot) throws Exception {
        robot.clickOn("#pairButton");
        String other = TestHomes.someDeviceId(7);
        char wrong = other.charAt(9) == 'Q' ? 'R' : 'Q';
        robot.clickOn("#deviceIdField").write(other.substring(0, 9) + wrong + other.substring(10));

        Label message = robot.lookup("#deviceIdMessage").queryAs(Label.class);
        assertThat(message.getText()).contains("typo").contains("group 1 or 2");
        assertThat(message.isVisible()).isTrue();
        assertThat(robot.lookup("#addDeviceConfirm").queryAs(Button.class).isDisabled())
                .isTrue();

        setText(robot, "#deviceIdField", other);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).isEmpty();
        assertThat(robot.lookup("#addDeviceConfirm").queryAs(Button.class).isDisabled())
                .isFalse();
        // This device's own ID, copy button and QR code are on the same screen.
        assertThat(robot.lookup("#ownDeviceId").queryAs(TextField.class).getText())
                .isEqualTo(alpha.self().toString());
        assertThat(robot.lookup("#deviceQr").tryQuery()).isPresent();
    }

    @Test
    void addingAFolderShowsItInTheList(FxRobot robot) throws Exception {
        Path photos = Files.createDirectories(base.resolve("My Photos"));
        robot.clickOn("#addFolderButton");
        setText(robot, "#folderPathField", photos.toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#folderIdField").queryAs(TextField.class).getText())
                .isEqualTo("my-photos");
        robot.clickOn("#addFolderConfirm");

        awaitFx(
                () -> model.folders().size() == 1
                        && model.folders().getFirst().stateProperty().get().equals(FolderRow.UP_TO_DATE),
                "the folder is listed and up to date",
                30);
        assertThat(model.folders().getFirst().id()).isEqualTo("my-photos");
        assertThat(alpha.config().folder("my-photos").orElseThrow().path()).isEqualTo(photos.toString());
        assertThat(robot.lookup("#addFolderDialog").tryQuery()).isEmpty(); // closed

        // A directory that does not exist is refused with a message, nothing saved.
        robot.clickOn("#addFolderButton");
        setText(robot, "#folderPathField", base.resolve("missing").toString());
        robot.clickOn("#addFolderConfirm");
        awaitFx(
                () -> robot.lookup("#addFolderMessage")
                        .queryAs(Label.class)
                        .getText()
                        .contains("does not exist"),
                "a message about the missing directory",
                10);
        assertThat(alpha.config().folders()).hasSize(1);
    }

    @Test
    void pairingThroughTheWindowThenAFileSyncsToFullProgressAndUpToDate(FxRobot robot) throws Exception {
        // Beta knows alpha; alpha does not know beta yet, so beta's connection shows up as a request in the window.
        Path homeB = base.resolve("home-beta");
        String betaId = TestHomes.init(homeB, "beta");
        Path docsB = Files.createDirectories(base.resolve("docs-beta"));
        byte[] report = new byte[12_000_000];
        new Random(3).nextBytes(report);
        Files.write(docsB.resolve("report.pdf"), report);
        String alphaAddress = alpha.config().device().listen();
        TestHomes.pairAndShare(homeB, alpha.self().toString(), alphaAddress, docsB, "docs");
        beta = Daemon.start(ShoalHome.resolve(homeB));

        awaitFx(() -> robot.lookup("#acceptPending").tryQuery().isPresent(), "beta's request is shown", 60);
        String code = robot.lookup("#pendingCode").queryAs(Label.class).getText();
        assertThat(code).isEqualTo(VerificationCode.of(alpha.self(), DeviceId.parse(betaId)));
        robot.clickOn("#acceptPending");

        awaitFx(() -> robot.lookup("#acceptOffer").tryQuery().isPresent(), "beta's folder is offered", 60);
        Path docsA = base.resolve("docs-alpha");
        setText(robot, "#offerPath", docsA.toString());
        robot.clickOn("#acceptOffer");

        awaitFx(
                () -> Files.exists(docsA.resolve("report.pdf"))
                        && model.folders().size() == 1
                        && model.folders().getFirst().stateProperty().get().equals(FolderRow.UP_TO_DATE),
                "the file arrived and the folder is up to date",
                60);
        assertThat(Files.readAllBytes(docsA.resolve("report.pdf"))).isEqualTo(report);
        assertThat(robot.lookup("#folderProgress").queryAs(ProgressBar.class).getProgress())
                .isEqualTo(1.0);
        assertThat(robot.lookup("#folderState").queryAs(Label.class).getText()).isEqualTo(FolderRow.UP_TO_DATE);
        awaitFx(
                () -> model.devices().size() == 1
                        && model.devices().getFirst().statusProperty().get().equals("Online"),
                "beta online",
                30);
        awaitFx(
                () -> shownText(robot, "#deviceConnection").contains("local network")
                        && shownText(robot, "#deviceConnection").contains("ms round trip")
                        && shownText(robot, "#deviceNeeds").equals("Has everything from this device"),
                "how beta is connected and that it needs nothing",
                30);
        awaitFx(
                () -> model.activity().stream().anyMatch(a -> a.text().startsWith("Synced report.pdf")),
                "the sync is in recent activity",
                10);
        robot.interact(() -> {
            try {
                Screenshots.save(stage.getScene(), "main-window-syncing");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aConflictIsResolvedFromTheConflictsView(FxRobot robot) throws Exception {
        Path docs = Files.createDirectories(base.resolve("docs"));
        Files.writeString(docs.resolve("notes.txt"), "my version");
        String copy = "notes.sync-conflict-20261121-130750-BETA234.txt";
        Files.writeString(docs.resolve(copy), "their version");
        alpha.addFolder("docs", docs, List.of(), dev.shoal.engine.api.FolderType.SEND_RECEIVE);
        awaitFx(() -> model.conflictsProperty().get() == 1, "the conflict is counted", 30);
        assertThat(robot.lookup("#conflictsButton").queryAs(Button.class).getText())
                .isEqualTo("Conflicts (1)");

        robot.clickOn("#conflictsButton");
        awaitFx(() -> robot.lookup("#keepTheirs").tryQuery().isPresent(), "the conflict is listed", 10);
        robot.clickOn("#keepTheirs");

        awaitFx(() -> model.conflictsProperty().get() == 0, "no conflict left", 30);
        assertThat(docs.resolve("notes.txt")).hasContent("their version");
        assertThat(docs.resolve(copy)).doesNotExist();
        // Mine is not lost: it is in the folder's versions.
        assertThat(alpha.versions("docs")).anyMatch(v -> v.name().equals("notes.txt"));
        assertThat(robot.lookup("#conflictStatus").queryAs(Label.class).getText())
                .startsWith("No conflicts");
    }

    /** Finding 2 of the trust issue: a paired device offering ".." gets no offer card; a plain one lands in ~/Shoal. */
    @Test
    void anOfferOfDotDotIsRefusedAndAPlainOneDefaultsToANewDirectoryUnderShoal(FxRobot robot) throws Exception {
        try (var mallory = new dev.shoal.app.adversary.HostileDevice()) {
            alpha.addDevice(mallory.id().toString(), "mallory");
            String listen = alpha.config().device().listen();
            int colon = listen.lastIndexOf(':');
            mallory.connect(
                    alpha.self(),
                    new java.net.InetSocketAddress(
                            listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))));
            var cc = dev.shoal.engine.protocol.wire.ClusterConfig.newBuilder();
            for (String id : new String[] {"..", ".", "photos"}) {
                cc.addFolders(dev.shoal.engine.protocol.wire.FolderShare.newBuilder()
                        .setId(id)
                        .setLabel("Holiday \u001B[31m" + id));
            }
            mallory.sendControl(
                    dev.shoal.engine.protocol.MessageCodec.encode(dev.shoal.engine.protocol.wire.Envelope.newBuilder()
                            .setClusterConfig(cc)
                            .build()));
            awaitFx(() -> robot.lookup("#acceptOffer").tryQuery().isPresent(), "an offer card appears", 30);
            assertThat(robot.lookup("#acceptOffer").queryAll()).hasSize(1);
            String where = robot.lookup("#offerPath").queryAs(TextField.class).getText();
            Path base =
                    dev.shoal.app.config.OfferLocations.base().toAbsolutePath().normalize();
            assertThat(Path.of(where).normalize().startsWith(base)).as(where).isTrue();
            assertThat(Path.of(where).getFileName().toString()).startsWith("photos");
            var texts = robot.lookup("#offerCards").lookup(".label").queryAllAs(Label.class).stream()
                    .map(Label::getText)
                    .toList();
            assertThat(texts).anyMatch(t -> t.contains("Holiday")).noneMatch(t -> t.contains("\u001B"));
        }
    }
}
