package io.bramble.balancer.manager;

import java.util.List;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.proxy.ProxyStats;

/** The manager's HTML: a login form and a table of members with a form per row, like Apache's balancer-manager. */
final class Page {
    private Page() {}

    private static final String STYLE = """
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}.ok{color:#176d2a;font-weight:600}.bad{color:#b00020;font-weight:600}.warn{color:#a15c00;font-weight:600}
            input[type=number]{width:4em}.why{max-width:22em}form.inline{display:inline}
            </style>""";

    static String login(String message) {
        return "<!doctype html><html><head><meta charset=utf-8><title>Bramble balancer manager</title>" + STYLE + "</head><body>"
                + "<h1>Bramble balancer manager</h1>"
                + (message == null ? "" : "<p class=bad>" + esc(message) + "</p>")
                + "<form method=post action=/balancer-manager/login><label>Admin token <input type=password name=token autofocus></label> "
                + "<button>Log in</button></form></body></html>";
    }

    static String message(String message) {
        return "<!doctype html><html><head><meta charset=utf-8><title>Bramble balancer manager</title>" + STYLE + "</head><body>"
                + "<p class=bad>" + esc(message) + "</p><p><a href=/balancer-manager>Back</a></p></body></html>";
    }

    static String manager(Balancer b, String csrf, long now) {
        StringBuilder sb = new StringBuilder(8192);
        ProxyStats st = b.proxy().stats();
        sb.append("<!doctype html><html><head><meta charset=utf-8><title>Bramble balancer ").append(esc(b.config().name()))
                .append("</title>").append(STYLE).append("</head><body>");
        sb.append("<h1>Balancer ").append(esc(b.config().name())).append("</h1>");
        sb.append("<p>Listening on ").append(esc(String.valueOf(b.address()))).append(" · method <b>").append(esc(b.config().method()))
                .append("</b> · ").append(st.open()).append(" client connections open · ").append(st.requests()).append(" requests · ")
                .append(st.refused()).append(" refused · ").append(st.noMember()).append(" without a member · ")
                .append(st.gatewayErrors()).append(" gateway errors · ").append(st.retries()).append(" retries");
        if (b.router().panicking()) sb.append(" · <span class=bad>PANIC: every member is out</span>");
        if (b.feed() != null) {
            sb.append("<br>Center feed: ").append(esc(b.feed().state()));
            if (b.feed().lastUpdate() != null) sb.append(", last list ").append(esc(b.feed().lastUpdate().toString()));
            if (!b.feed().lastError().isEmpty()) sb.append(" <span class=warn>").append(esc(b.feed().lastError())).append("</span>");
        }
        sb.append("</p><table><tr><th>Member</th><th>URL</th><th>Source</th><th>Status</th><th>Weight</th><th>In flight</th>"
                + "<th>Requests</th><th>To</th><th>From</th><th>Errors</th><th>Retries</th><th>Node</th><th>Last check</th><th>Why out</th><th>Change</th></tr>");
        for (Member m : b.members().members()) {
            String status = m.status(now);
            String cls = status.startsWith("Ok") ? "ok" : status.contains("Err") || status.contains("Stop") ? "bad" : "warn";
            sb.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(esc(m.endpoint().url())).append("</td><td>")
                    .append(esc(m.source())).append("</td><td class=").append(cls).append('>').append(esc(status)).append("</td><td>")
                    .append(m.weight()).append("</td><td>").append(m.inFlight()).append("</td><td>").append(m.requests()).append("</td><td>")
                    .append(bytes(m.bytesIn())).append("</td><td>").append(bytes(m.bytesOut())).append("</td><td>").append(m.errors())
                    .append("</td><td>").append(m.retries()).append("</td><td>");
            var r = m.report();
            sb.append(esc(r.health()));
            if (r.load1() != null) sb.append(" load ").append(r.load1());
            if (r.tempCelsius() != null) sb.append(" ").append(r.tempCelsius()).append(" °C");
            if (Boolean.TRUE.equals(r.throttled())) sb.append(" throttled");
            sb.append("</td><td>").append(m.lastCheck() == null ? "" : esc(m.lastCheck() + " " + m.lastCheckResult()))
                    .append("</td><td class=why>").append(esc(m.whyOut(now))).append("</td><td>");
            sb.append("<form method=post action=/balancer-manager/member><input type=hidden name=csrf value=\"").append(esc(csrf))
                    .append("\"><input type=hidden name=name value=\"").append(esc(m.name())).append("\">")
                    .append("<input type=number name=weight min=1 max=100 value=").append(m.weight()).append("> ");
            for (MemberFlag f : MemberFlag.values()) {
                sb.append("<label><input type=checkbox name=flag value=").append(f.wire()).append(m.has(f) ? " checked" : "").append('>')
                        .append(f.wire()).append("</label> ");
            }
            sb.append("<button>Apply</button></form></td></tr>");
        }
        sb.append("</table><p><form class=inline method=post action=/balancer-manager/reload><input type=hidden name=csrf value=\"")
                .append(esc(csrf)).append("\"><button>Reload configuration</button></form> ")
                .append("<form class=inline method=post action=/balancer-manager/logout><input type=hidden name=csrf value=\"")
                .append(esc(csrf)).append("\"><button>Log out</button></form> <a href=/balancer-manager>Refresh</a></p>");
        sb.append("<p>States: ").append(esc(String.join(", ", List.of(
                "disabled: no requests", "stopped: no requests, not checked", "ignore-errors: always available",
                "hot-standby: only when nothing else can", "hot-spare: replaces an unusable member", "drain: only its sticky clients"))))
                .append(".</p></body></html>");
        return sb.toString();
    }

    private static String bytes(long n) {
        if (n < 10_000) return n + " B";
        if (n < 10_000_000) return n / 1000 + " kB";
        if (n < 10_000_000_000L) return n / 1_000_000 + " MB";
        return n / 1_000_000_000 + " GB";
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
