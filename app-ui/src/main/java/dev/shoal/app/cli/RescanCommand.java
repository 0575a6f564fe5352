package dev.shoal.app.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rescan", description = "Ask the running daemon to rescan a folder (all folders without an ID).")
final class RescanCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER_ID")
    String folder;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String path = "/rest/rescan" + ApiClient.folderQuery(folder);
        var answer = new ApiClient(parent.home()).post(path);
        spec.commandLine().getOut().println("Rescanning " + answer.get("rescanning"));
        return 0;
    }
}
