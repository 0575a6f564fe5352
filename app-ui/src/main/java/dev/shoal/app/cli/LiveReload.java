package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.ApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;

/** After a config change: a daemon running for the same home applies it at once; none running is fine. */
final class LiveReload {
    private LiveReload() {}

    static void apply(ShoalHome home, PrintWriter out) {
        if (!Files.exists(home.dir().resolve(ApiServer.FILE))) {
            return; // no daemon: it reads the config when it starts
        }
        try {
            new ApiClient(home).post("/rest/config/reload");
            out.println("Applied to the running daemon.");
        } catch (UserError e) {
            if (!e.getMessage().startsWith("Shoal is not running")) {
                out.println("Saved, but the running daemon could not apply it (" + e.getMessage()
                        + "); restart it with: shoal run");
            }
        } catch (IOException e) {
            out.println("Saved; the running daemon did not answer (" + e.getMessage() + "), restart it to apply.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
