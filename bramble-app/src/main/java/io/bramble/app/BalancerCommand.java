package io.bramble.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.BalancerConfig;
import io.bramble.balancer.config.MemberConfig;
import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;
import io.bramble.core.config.ConfigValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bramble balancer}: the HTTP load balancer, from a config file or from flags. */
@Command(name = "balancer", mixinStandardHelpOptions = true,
        description = {"Run the HTTP load balancer in front of worker Pis.",
                "Either --config balancer.yaml, or --listen HOST:PORT with one --member URL per worker.",
                "SIGHUP reloads the config file without dropping connections."})
public final class BalancerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BalancerCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "balancer.yaml (see docs/balancer.md)")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "address to serve on (default 0.0.0.0:8080)")
    String listen;

    @Option(names = "--member", paramLabel = "URL", description = "a worker, e.g. http://10.0.0.11:80 (repeat for each)")
    List<String> members = new ArrayList<>();

    @Option(names = "--method", paramLabel = "METHOD", description = "byrequests (default), bybusyness, bytraffic or byload")
    String method;

    @Option(names = "--threads", paramLabel = "N", description = "event loops (default: one per core)")
    Integer threads;

    @Option(names = "--transport", paramLabel = "T", description = "auto (default: io_uring, else epoll, else nio), io_uring, epoll or nio")
    String transport;

    @Override
    public Integer call() throws Exception {
        BalancerConfig cfg;
        if (config != null) {
            if (!members.isEmpty() || method != null || listen != null)
                throw new UserError("--config cannot be combined with --listen, --member or --method; put them in the file");
            cfg = ConfigLoader.load(config, BalancerConfig.class);
        } else {
            if (members.isEmpty()) throw new UserError("give --config balancer.yaml, or --listen HOST:PORT and at least one --member URL");
            List<MemberConfig> ms = new ArrayList<>();
            for (String m : members) {
                try {
                    ms.add(new MemberConfig(null, m, null, null));
                } catch (ConfigValueException e) {
                    throw new UserError("--member " + m + ": " + e.reason());
                }
            }
            try {
                cfg = BalancerConfig.of(listen, ms, method);
            } catch (ConfigValueException e) {
                throw new UserError("--" + e.key() + ": " + e.reason());
            }
        }
        if (threads != null) {
            if (threads < 0 || threads > 256) throw new UserError("--threads must be between 0 and 256 (got " + threads + ")");
            cfg = cfg.withThreads(threads);
        }
        if (transport != null) {
            try {
                cfg = cfg.withTransport(transport);
            } catch (ConfigValueException e) {
                throw new UserError("--transport: " + e.reason());
            }
        }
        Balancer balancer = new Balancer(cfg, config, Clock.systemUTC());
        balancer.start();
        InetSocketAddress a = balancer.address();
        System.out.println("Bramble balancer: http://" + a.getHostString() + ":" + a.getPort() + " (" + cfg.members().size()
                + " static members, method " + cfg.method() + ")");
        if (balancer.managerAddress() != null) {
            InetSocketAddress m = balancer.managerAddress();
            System.out.println("Balancer manager: http://" + m.getHostString() + ":" + m.getPort() + "/balancer-manager");
        }
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            balancer.close();
            done.countDown();
        }, "bramble-balancer-shutdown"));
        if (config != null) onSighup(balancer);
        done.await();
        return 0;
    }

    @SuppressWarnings("removal")
    private static void onSighup(Balancer balancer) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    balancer.reload();
                } catch (ConfigException e) {
                    log.error("reload refused, the running configuration stays: {}", e.getMessage());
                } catch (RuntimeException e) {
                    log.error("reload failed, the running configuration stays", e);
                }
            });
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available here ({}); reload through the manager instead", e.getMessage());
        }
    }
}
