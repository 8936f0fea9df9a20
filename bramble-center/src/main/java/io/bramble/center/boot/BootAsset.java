package io.bramble.center.boot;

import java.time.Instant;
import java.util.List;

/** A stored boot-file set: firmware, kernel, initramfs and friends, each with its size and SHA-256. */
public record BootAsset(String name, List<File> files, long totalBytes, Instant createdAt, String createdBy) {
    public BootAsset {
        files = List.copyOf(files);
    }

    /** One file of the set, by its path relative to the set's directory. */
    public record File(String path, long size, String sha256) {}

    public boolean has(String path) {
        return files.stream().anyMatch(f -> f.path().equals(path));
    }
}
