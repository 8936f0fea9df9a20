package io.bramble.agent;

/** The agent's version, from the jar manifest (sent to the center in the enrollment facts and User-Agent). */
public final class AgentVersion {
    private AgentVersion() {}

    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
