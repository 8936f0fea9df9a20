package io.bramble.balancer.method;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The balancing methods, named as Apache names its lbmethods (plus Bramble's byload). */
public enum MethodName {
    BYREQUESTS, BYBUSYNESS, BYTRAFFIC, BYLOAD;

    public static MethodName parse(String s) {
        if (s == null) return null;
        for (MethodName m : values()) if (m.name().equalsIgnoreCase(s.strip())) return m;
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(MethodName::wire).collect(Collectors.joining(", "));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
