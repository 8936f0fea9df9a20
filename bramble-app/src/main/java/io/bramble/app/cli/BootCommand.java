package io.bramble.app.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble boot}: netboot provisioning — nodes' boot state, assign, reprovision, retire, asset sets and profiles. */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = {"Provision Pis over the network (docs/netboot.md).",
                "  bramble boot assets add /srv/boot/bookworm --name bookworm",
                "  bramble boot profiles create web --assets bookworm --image http://10.0.0.1/bookworm.img.xz --role web",
                "  bramble boot assign pi-3a5b9c01 --profile web",
                "  bramble boot list"},
        subcommands = {BootCommand.ListNodes.class, BootCommand.Assign.class, BootCommand.Reprovision.class, BootCommand.Retire.class,
                BootCommand.Assets.class, BootCommand.Profiles.class})
public final class BootCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.asString().isEmpty() ? "-" : n.asString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every node's lifecycle, profile and provisioning progress.")
    static final class ListNodes implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Option(names = "--json", description = "print the API's JSON") boolean json;

        @Override
        public void run() {
            JsonNode r = options.client().get("/api/v1/boot/nodes");
            if (json) {
                spec.commandLine().getOut().println(r.toPrettyString());
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "SERIAL", "LIFECYCLE", "PROFILE", "STAGE", "PROGRESS", "NOTE"});
            for (JsonNode n : r.path("nodes"))
                rows.add(new String[] {n.path("name").asString(), n.path("bootSerial").asString(), n.path("lifecycle").asString(),
                        text(n.path("profile")), text(n.path("stage")), n.path("percent").isNumber() ? n.path("percent").asInt() + "%" : "-",
                        n.path("failedReason").isString() ? n.path("failedReason").asString() : text(n.path("message"))});
            if (rows.size() == 1) {
                spec.commandLine().getOut().println("No nodes yet. A Pi that network-boots from this center appears here as new.");
                return;
            }
            spec.commandLine().getOut().print(Format.table(rows));
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Assign a profile: the node is installed (local) or booted diskless at its next network boot (operator).")
    static final class Assign implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Parameters(paramLabel = "NODE", description = "node name") String node;
        @Option(names = "--profile", required = true, description = "profile name (`bramble boot profiles list`)") String profile;

        @Override
        public void run() {
            JsonNode r = options.client().post("/api/v1/boot/nodes/" + enc(node) + "/assign", Map.of("profile", profile));
            spec.commandLine().getOut().println(r.path("name").asString() + " is " + r.path("lifecycle").asString() + " with profile "
                    + r.path("profile").asString() + "; power-cycle it to start");
        }
    }

    @Command(name = "reprovision", mixinStandardHelpOptions = true, description = "Install a node again with its profile at its next network boot (operator).")
    static final class Reprovision implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Parameters(paramLabel = "NODE", description = "node name") String node;

        @Override
        public void run() {
            JsonNode r = options.client().post("/api/v1/boot/nodes/" + enc(node) + "/reprovision", Map.of());
            spec.commandLine().getOut().println(r.path("name").asString() + " is " + r.path("lifecycle").asString()
                    + "; power-cycle it to start");
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Retire a node: netboot declines it until it is assigned again (operator).")
    static final class Retire implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Parameters(paramLabel = "NODE", description = "node name") String node;

        @Override
        public void run() {
            JsonNode r = options.client().post("/api/v1/boot/nodes/" + enc(node) + "/retire", Map.of());
            spec.commandLine().getOut().println(r.path("name").asString() + " is " + r.path("lifecycle").asString());
        }
    }

    @Command(name = "assets", mixinStandardHelpOptions = true, description = "Boot-file sets (firmware, kernel, initramfs).",
            subcommands = {Assets.Add.class, Assets.ListAssets.class})
    static final class Assets implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = {"Upload the files of DIR (a zip made on the fly) as a boot-file set (admin); the center keeps",
                        "each file's SHA-256. A set of the same name is replaced whole. Links in DIR are refused."})
        static final class Add implements Runnable {
            @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
            @Mixin ClientOptions options;
            @Parameters(paramLabel = "DIR", description = "directory with the boot files") Path dir;
            @Option(names = "--name", required = true, description = "name of the set, e.g. bookworm-2024-11") String name;

            @Override
            public void run() {
                CenterClient client = options.client();
                Path zip = null;
                JsonNode r;
                try {
                    zip = java.nio.file.Files.createTempFile("bramble-boot-assets", ".zip");
                    zip(dir, zip);
                    r = client.postFile("/api/v1/boot/assets/" + enc(name), "application/zip", zip);
                } catch (java.io.IOException e) {
                    throw new io.bramble.app.UserError("cannot pack " + dir + ": " + e.getMessage());
                } finally {
                    if (zip != null) zip.toFile().delete();
                }
                spec.commandLine().getOut().println("boot assets " + r.path("name").asString() + ": " + r.path("files").size() + " files, "
                        + Format.bytes(r.path("totalBytes").asLong()));
            }
        }

        /** Zips the regular files under {@code dir}, refusing links (they could point anywhere). */
        static void zip(Path dir, Path zip) throws java.io.IOException {
            if (!java.nio.file.Files.isDirectory(dir)) throw new io.bramble.app.UserError(dir + " is not a directory");
            try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(zip));
                 var walk = java.nio.file.Files.walk(dir)) {
                for (Path p : walk.sorted().toList()) {
                    if (java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                    if (!java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        throw new io.bramble.app.UserError(p + " is not a regular file (links are refused); copy the file itself");
                    out.putNextEntry(new java.util.zip.ZipEntry(dir.relativize(p).toString().replace('\\', '/')));
                    java.nio.file.Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the boot-file sets.")
        static final class ListAssets implements Runnable {
            @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
            @Mixin ClientOptions options;
            @Option(names = "--json", description = "print the API's JSON, with every file's SHA-256") boolean json;

            @Override
            public void run() {
                JsonNode r = options.client().get("/api/v1/boot/assets");
                if (json) {
                    spec.commandLine().getOut().println(r.toPrettyString());
                    return;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NAME", "FILES", "SIZE", "ADDED BY"});
                for (JsonNode a : r.path("assets"))
                    rows.add(new String[] {a.path("name").asString(), String.valueOf(a.path("files").size()),
                            Format.bytes(a.path("totalBytes").asLong()), a.path("createdBy").asString()});
                spec.commandLine().getOut().print(rows.size() == 1 ? "No boot assets yet; add some with `bramble boot assets add DIR --name N`.\n"
                        : Format.table(rows));
            }
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "Boot profiles: which files, host name, role and install mode.",
            subcommands = {Profiles.ListProfiles.class, Profiles.Create.class, Profiles.Delete.class})
    static final class Profiles implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the profiles.")
        static final class ListProfiles implements Runnable {
            @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
            @Mixin ClientOptions options;

            @Override
            public void run() {
                JsonNode r = options.client().get("/api/v1/boot/profiles");
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NAME", "MODE", "ASSETS", "HOSTNAME", "ROLE", "IMAGE / ROOT"});
                for (JsonNode p : r.path("profiles"))
                    rows.add(new String[] {p.path("name").asString(), p.path("mode").asString(), text(p.path("assets")),
                            p.path("hostnamePattern").asString(), text(p.path("role")),
                            p.path("mode").asString().equals("diskless") ? text(p.path("root")) : text(p.path("image"))});
                spec.commandLine().getOut().print(rows.size() == 1 ? "No profiles yet; create one with `bramble boot profiles create`.\n"
                        : Format.table(rows));
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a profile (admin).")
        static final class Create implements Runnable {
            @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
            @Mixin ClientOptions options;
            @Parameters(paramLabel = "NAME", description = "profile name") String name;
            @Option(names = "--assets", description = "boot-file set") String assets;
            @Option(names = "--mode", defaultValue = "local", description = "local (install to the node's storage) or diskless (default: ${DEFAULT-VALUE})") String mode;
            @Option(names = "--hostname", description = "host name pattern with {name} and {serial} (default {name})") String hostname;
            @Option(names = "--role", description = "role the node gets") String role;
            @Option(names = "--image", description = "local: OS image or installer URL") String image;
            @Option(names = "--root", description = "diskless: nfs:SERVER:/PATH or nbd:SERVER:EXPORT") String root;

            @Override
            public void run() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", name);
                body.put("mode", mode);
                if (assets != null) body.put("assets", assets);
                if (hostname != null) body.put("hostnamePattern", hostname);
                if (role != null) body.put("role", role);
                if (image != null) body.put("image", image);
                if (root != null) body.put("root", root);
                JsonNode r = options.client().post("/api/v1/boot/profiles", body);
                spec.commandLine().getOut().println("profile " + r.path("name").asString() + " created (" + r.path("mode").asString() + ")");
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a profile no node uses (admin).")
        static final class Delete implements Runnable {
            @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
            @Mixin ClientOptions options;
            @Parameters(paramLabel = "NAME", description = "profile name") String name;

            @Override
            public void run() {
                options.client().delete("/api/v1/boot/profiles/" + enc(name));
                spec.commandLine().getOut().println("profile " + name + " deleted");
            }
        }
    }
}
