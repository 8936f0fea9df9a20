package io.bramble.balancer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.method.MethodName;
import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;

class BalancerConfigTest {
    private static BalancerConfig parse(String yaml) {
        return ConfigLoader.parse("balancer.yaml", yaml, BalancerConfig.class);
    }

    @Test
    void emptyFileGivesTheDocumentedDefaults() {
        BalancerConfig c = parse("");
        assertThat(c.listen()).isEqualTo("0.0.0.0:8080");
        assertThat(c.methodName()).isEqualTo(MethodName.BYREQUESTS);
        assertThat(c.timeouts().connect().toMillis()).isEqualTo(2000);
        assertThat(c.limits().maxHeaderBytes()).isEqualTo(16384);
        assertThat(c.healthCheck().enabled()).isFalse();
        assertThat(c.retry().attempts()).isEqualTo(2);
        assertThat(c.manager().enabled()).isFalse();
    }

    @Test
    void theExampleInTheDocsLoads() throws Exception {
        Path doc = Path.of("../docs/balancer.md");
        String md = Files.readString(doc);
        int start = md.indexOf("```yaml\n") + 8;
        String yaml = md.substring(start, md.indexOf("```", start));
        BalancerConfig c = parse(yaml);
        assertThat(c.members()).isNotEmpty();
        assertThat(c.manager().enabled()).isTrue();
    }

    @Test
    void badValuesAreRefusedWithLineAndKey() {
        assertThatThrownBy(() -> parse("listen: 127.0.0.1:8080\nmethod: fastest\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2").hasMessageContaining("method")
                .hasMessageContaining("byrequests, bybusyness, bytraffic, byload");
        assertThatThrownBy(() -> parse("members:\n  - url: http://10.0.0.1:80/app\n"))
                .hasMessageContaining("members[0].url").hasMessageContaining("must not carry a path");
        assertThatThrownBy(() -> parse("members:\n  - url: http://10.0.0.1\n    state: [sleepy]\n"))
                .hasMessageContaining("line 3").hasMessageContaining("hot-standby");
        assertThatThrownBy(() -> parse("timeouts:\n  conect: 2s\n")).hasMessageContaining("unknown key").hasMessageContaining("connect");
        assertThatThrownBy(() -> parse("manager:\n  listen: 127.0.0.1:8081\n")).hasMessageContaining("tokenSha256").hasMessageContaining("required");
        assertThatThrownBy(() -> parse("manager:\n  allow: [not-a-net]\n")).hasMessageContaining("manager.allow[0]");
        assertThatThrownBy(() -> parse("members:\n  - {name: x, url: http://a}\n  - {name: x, url: http://b}\n")).hasMessageContaining("unique");
    }

    @Test
    void memberStatesAcceptApacheLetters() {
        BalancerConfig c = parse("members:\n  - {url: 'http://10.0.0.1', state: [H, drain]}\n");
        assertThat(c.members().get(0).flags()).containsExactly(MemberFlag.HOT_STANDBY, MemberFlag.DRAIN);
        assertThat(c.members().get(0).name()).isEqualTo("10.0.0.1:80");
    }
}
