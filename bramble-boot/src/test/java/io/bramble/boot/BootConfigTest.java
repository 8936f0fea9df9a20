package io.bramble.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;

class BootConfigTest {
    @Test
    void emptyFileMeansTftpOnPort69AndDhcpOff() {
        BootConfig c = ConfigLoader.parse("boot.yaml", "", BootConfig.class);
        assertThat(c.tftp().port()).isEqualTo(69);
        assertThat(c.tftp().maxBlksizePi()).isEqualTo(1468);
        assertThat(c.tftp().maxBlksize()).isEqualTo(65464);
        assertThat(c.tftp().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.tftp().retries()).isEqualTo(5);
        assertThat(c.dhcp().enabled()).isFalse();
        assertThat(c.dhcp().port()).isEqualTo(67);
        assertThat(c.dhcp().pxePort()).isEqualTo(4011);
        assertThat(c).isEqualTo(BootConfig.defaults());
    }

    @Test
    void everyKeyIsRead() {
        BootConfig c = ConfigLoader.parse("boot.yaml", """
                tftp:
                  listen: 192.168.1.10
                  port: 6969
                  root: /srv/tftp
                  maxBlksizePi: 1024
                  maxWindowsize: 16
                  timeout: 2s
                  retries: 8
                  maxTransfers: 300
                  cacheMegabytes: 32
                dhcp:
                  enabled: true
                  mode: standalone
                  serverAddress: 192.168.1.10
                  subnet: 192.168.1.0/24
                  leaseRange: 192.168.1.100-192.168.1.199
                  leaseTime: 2h
                  router: 192.168.1.1
                """, BootConfig.class);
        assertThat(c.tftp().root()).isEqualTo(Path.of("/srv/tftp"));
        assertThat(c.tftp().maxWindowsize()).isEqualTo(16);
        assertThat(c.dhcp().mode()).isEqualTo(BootConfig.DhcpMode.STANDALONE);
        assertThat(c.dhcp().leaseTime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void outOfRangeValuesNameTheKeyTheLineAndTheRange() {
        assertThatThrownBy(() -> ConfigLoader.parse("boot.yaml", "tftp:\n  maxBlksizePi: 9000\n", BootConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2").hasMessageContaining("tftp.maxBlksizePi").hasMessageContaining("between 512 and 1468");
        assertThatThrownBy(() -> ConfigLoader.parse("boot.yaml", "dhcp:\n  enabled: true\n  subnet: 10.0.0.0/8\n", BootConfig.class))
                .hasMessageContaining("serverAddress").hasMessageContaining("required");
        assertThatThrownBy(() -> ConfigLoader.parse("boot.yaml", "dhcp:\n  subnet: 10.0.0.0\n", BootConfig.class))
                .hasMessageContaining("dhcp.subnet").hasMessageContaining("address/prefix");
        assertThatThrownBy(() -> ConfigLoader.parse("boot.yaml", "dhcp:\n  serverAddress: pi.example\n", BootConfig.class))
                .hasMessageContaining("not an IPv4 address");
    }
}
