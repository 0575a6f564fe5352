package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Rebuilds a damaged index: the index file is set aside (kept, renamed, for a look later) and the next start
 * builds a new one from the folders on disk and the paired devices. Files are never touched: what is on disk
 * is scanned and recorded, and a peer's record of the same content is adopted rather than downloaded.
 */
@Command(
        name = "repair",
        description = "Rebuild the index from your folders and devices (after a damaged index is reported). Files"
                + " on disk are kept and not downloaded again.")
final class RepairCommand implements Callable<Integer> {
    static final String INDEX = "index.db";

    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ShoalHome home = parent.home();
        Homes.requireIdentity(home);
        if (Files.exists(home.dir().resolve(ApiServer.FILE))) {
            try {
                new ApiClient(home).get("/rest/status");
                throw new UserError("Shoal is running for " + home.dir() + ". Stop it first, then run 'shoal repair'.");
            } catch (UserError e) {
                if (!e.getMessage().startsWith("Shoal is not running")) {
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        Path index = home.dir().resolve(INDEX);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        boolean moved = false;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = home.dir().resolve(INDEX + suffix);
            if (Files.exists(f)) {
                Files.move(f, home.dir().resolve(INDEX + suffix + ".damaged-" + stamp), StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            }
        }
        var out = spec.commandLine().getOut();
        if (moved) {
            out.println("Set the old index aside as " + index.getFileName() + ".damaged-" + stamp + " (delete it once"
                    + " all is well).");
        } else {
            out.println("There was no index; one is built at the next start.");
        }
        out.println("Start Shoal again: it rescans your folders and catches up with your devices. Files already on"
                + " disk stay and are not downloaded again.");
        return 0;
    }
}
