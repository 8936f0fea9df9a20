package io.bramble.center.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;


/**
 * The dashboard's static files, read from the classpath: our own under {@code web/} and the
 * front-end libraries from their webjars under {@code vendor/}, so a browser needs nothing but the center.
 */
final class Assets {
    /** An asset as served: bytes, content type and a strong ETag. */
    record Asset(byte[] bytes, String contentType, String etag) {}

    /** Vendor files by the name pages use; the webjar's version is looked up so a version bump needs no code change. */
    private static final Map<String, String[]> VENDOR = Map.of(
            "vendor/uPlot.iife.min.js", new String[] {"uplot", "dist/uPlot.iife.min.js"},
            "vendor/uPlot.min.css", new String[] {"uplot", "dist/uPlot.min.css"});

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json");

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    Assets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The asset at {@code name} (such as {@code app.css} or {@code vendor/uPlot.iife.min.js}), or empty for anything else. */
    Optional<Asset> find(String name) {
        // only plain relative names: no "..", no absolute paths, no odd characters reach the class loader;
        // page templates are served as pages, never raw
        if (name == null || !name.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*") || name.contains("..")
                || name.endsWith(".html"))
            return Optional.empty();
        return cached(name);
    }

    /** A page template under {@code web/}; a missing one is a packaging error. */
    String text(String name) {
        return cached(name).map(a -> new String(a.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("dashboard file web/" + name + " is missing from the center's jar; rebuild it"));
    }

    private Optional<Asset> cached(String name) {
        Asset hit = cache.get(name);
        if (hit != null) return Optional.of(hit);
        // misses are not remembered: any number of made-up names must not grow the cache
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(a -> cache.put(name, a));
        return loaded;
    }

    private Optional<Asset> load(String name) {
        String resource;
        String[] vendor = VENDOR.get(name);
        if (vendor != null) {
            String version = webjarVersion(vendor[0]);
            if (version == null) return Optional.empty();
            resource = "META-INF/resources/webjars/" + vendor[0] + "/" + version + "/" + vendor[1];
        } else if (name.startsWith("vendor/")) {
            return Optional.empty();
        } else {
            resource = "web/" + name;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) return Optional.empty();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + resource, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 10) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String webjarVersion(String artifact) {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of webjar " + artifact, e);
        }
    }
}
