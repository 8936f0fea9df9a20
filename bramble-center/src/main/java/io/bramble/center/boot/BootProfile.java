package io.bramble.center.boot;

import java.util.Locale;

/**
 * How a node is booted once assigned: the boot-file set, the host name it gets, the role it joins, and either an
 * installer that writes an OS image to local storage ({@code local}) or a network root ({@code diskless}).
 *
 * @param hostnamePattern the host name written to cmdline.txt; {@code {name}} is the node's name, {@code {serial}} its 8-digit boot serial
 * @param image           for {@code local}: the OS image or installer URL the installer fetches
 * @param root            for {@code diskless}: {@code nfs:SERVER:/PATH} or {@code nbd:SERVER:EXPORT}; {name} and {serial} are expanded
 */
public record BootProfile(String name, String assets, String hostnamePattern, String role, Mode mode, String image, String root) {
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,63}";

    public BootProfile {
        if (name == null || !name.matches(NAME_PATTERN))
            throw new IllegalArgumentException("name: lower-case letters, digits, '_' and '-', 1 to 64 (got " + name + ")");
        assets = assets == null || assets.isBlank() ? null : assets.strip();
        if (assets != null && !assets.matches(NAME_PATTERN))
            throw new IllegalArgumentException("assets: the name of an asset set, lower-case letters, digits, '_' and '-' (got " + assets + ")");
        hostnamePattern = hostnamePattern == null || hostnamePattern.isBlank() ? "{name}" : hostnamePattern.strip();
        if (!hostnamePattern.matches("([a-z0-9-]|\\{name\\}|\\{serial\\}){1,128}"))
            throw new IllegalArgumentException("hostnamePattern: lower-case letters, digits, '-', {name} and {serial} (got " + hostnamePattern + ")");
        role = role == null || role.isBlank() ? null : role.strip();
        if (role != null && !role.matches("[a-z0-9][a-z0-9_-]{0,31}"))
            throw new IllegalArgumentException("role: lower-case letters, digits, '_' or '-', at most 32 (got " + role + ")");
        mode = mode == null ? Mode.LOCAL : mode;
        image = image == null || image.isBlank() ? null : image.strip();
        root = root == null || root.isBlank() ? null : root.strip();
        for (String v : new String[] {image, root})
            if (v != null && (v.length() > 1024 || !v.matches("[\\x21-\\x7e]+")))
                throw new IllegalArgumentException("image and root: printable text without spaces, at most 1024 characters (got " + v + ")");
        if (mode == Mode.DISKLESS) {
            if (root == null || !root.matches("(nfs:[^:]+:/.*|nbd:[^:]+:.+)"))
                throw new IllegalArgumentException("root: a diskless profile needs nfs:SERVER:/PATH or nbd:SERVER:EXPORT (got " + root + ")");
        }
    }

    /** Installed on the node's own storage, or booted with its root on the network. */
    public enum Mode {
        LOCAL, DISKLESS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Mode of(String text) {
            for (Mode m : values()) if (m.name().equalsIgnoreCase(text.strip())) return m;
            throw new IllegalArgumentException("mode must be local or diskless (got " + text + ")");
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return wire();
        }
    }

    /** The host name for a node: the pattern with {name} and {serial} filled in. */
    public String hostname(String nodeName, String bootSerial) {
        return expand(hostnamePattern, nodeName, bootSerial);
    }

    static String expand(String text, String nodeName, String bootSerial) {
        return text.replace("{name}", nodeName).replace("{serial}", bootSerial);
    }
}
