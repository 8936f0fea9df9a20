package io.bramble.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bramble} command: one jar, one sub-command per process or client verb. */
@Command(name = "bramble", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Bramble: see, find, power, boot and serve a Raspberry Pi cluster from one place.",
        subcommands = {
                CommandLine.HelpCommand.class,
                BalancerCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run verbs in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError || ex instanceof io.bramble.core.config.ConfigException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("bramble " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
