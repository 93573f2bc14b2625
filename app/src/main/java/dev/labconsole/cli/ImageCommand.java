package dev.labconsole.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code labconsole image}: the lab service's container image. */
@Command(name = "image", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "The model server's container image, built without Docker.",
        subcommands = ImagePushCommand.class)
final class ImageCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: push (see image --help)");
    }
}
