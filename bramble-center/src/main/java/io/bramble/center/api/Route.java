package io.bramble.center.api;

/** One registered route and who may call it; the list of these is what the auth test walks. */
public record Route(String method, String path, Access access) {}
