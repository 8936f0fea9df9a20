package io.bramble.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bramble} command: one jar, one sub-command per process or client verb. */
@Command(name = "bramble", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Bramble: see, find, power, boot and serve a Raspberry Pi cluster from one place.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                CenterCommand.class,
                AgentCommand.class,
                SimulateCommand.class,
                io.bramble.app.cli.LoginCommand.class,
                io.bramble.app.cli.NodesCommand.class,
                io.bramble.app.cli.NodeCommand.class,
                io.bramble.app.cli.TokenCommand.class,
                io.bramble.app.cli.BootCommand.class,
                BalancerCommand.class,
                io.bramble.app.cli.PowerCommand.class,
                io.bramble.app.cli.LocateCommand.class,
                io.bramble.app.cli.CommandCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        // verbs print through picocli's writers; System.exit would drop what print() left buffered
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** The configured command line, also used by tests to run verbs in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError || ex instanceof io.bramble.core.config.ConfigException || ex instanceof io.bramble.core.config.StartupException
                    || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("bramble " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
