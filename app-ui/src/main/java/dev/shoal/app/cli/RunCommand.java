package dev.shoal.app.cli;

import dev.shoal.app.daemon.Daemon;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run Shoal in the foreground (Ctrl-C or SIGTERM stops it cleanly).")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Daemon daemon;
        try {
            daemon = Daemon.start(parent.home());
        } catch (dev.shoal.transport.TransportException e) {
            throw new UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }));
        spec.commandLine()
                .getOut()
                .printf(
                        "Shoal %s (%s) listening on udp %s; API on 127.0.0.1:%d%n",
                        daemon.identity().deviceId(),
                        daemon.config().device().name(),
                        daemon.endpoint().localAddress(),
                        daemon.apiPort());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
