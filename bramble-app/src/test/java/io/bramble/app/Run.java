package io.bramble.app;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs a {@code bramble} verb in-process and captures what it printed. */
record Run(int exit, String out, String err) {
    static synchronized Run withInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = System.in;
        try {
            if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(in);
        }
    }

    static Run of(String... args) {
        return withInput(null, args);
    }
}
