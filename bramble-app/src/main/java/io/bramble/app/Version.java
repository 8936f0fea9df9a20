package io.bramble.app;

import picocli.CommandLine;

/** The version printed by {@code bramble --version}, from the jar manifest. */
public final class Version implements CommandLine.IVersionProvider {
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"bramble " + get() + " (Java " + Runtime.version() + ")"};
    }
}
