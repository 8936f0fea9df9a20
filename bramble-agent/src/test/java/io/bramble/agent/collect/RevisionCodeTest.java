package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.BoardInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevisionCodeTest {
    private static final long MB = 1024L * 1024;

    @ParameterizedTest(name = "{0} is a {1} with {2} MB by {3}, {4} rev {5}")
    @CsvSource({
            // code,  type,     MB,    maker,       SoC,     rev
            "c03114,  4B,       4096,  Sony UK,     BCM2711, 4",
            "c03115,  4B,       4096,  Sony UK,     BCM2711, 5",
            "a03111,  4B,       1024,  Sony UK,     BCM2711, 1",
            "b03112,  4B,       2048,  Sony UK,     BCM2711, 2",
            "d03114,  4B,       8192,  Sony UK,     BCM2711, 4",
            "d04170,  5,        8192,  Sony UK,     BCM2712, 0",
            "c04170,  5,        4096,  Sony UK,     BCM2712, 0",
            "e04171,  5,        16384, Sony UK,     BCM2712, 1",
            "a020d3,  3B+,      1024,  Sony UK,     BCM2837, 3",
            "a02082,  3B,       1024,  Sony UK,     BCM2837, 2",
            "a22082,  3B,       1024,  Embest,      BCM2837, 2",
            "a32082,  3B,       1024,  Sony Japan,  BCM2837, 2",
            "a52082,  3B,       1024,  Stadium,     BCM2837, 2",
            "a01041,  2B,       1024,  Sony UK,     BCM2836, 1",
            "a21041,  2B,       1024,  Embest,      BCM2836, 1",
            "902120,  Zero 2 W, 512,   Sony UK,     BCM2837, 0",
            "9000c1,  Zero W,   512,   Sony UK,     BCM2835, 1",
            "900092,  Zero,     512,   Sony UK,     BCM2835, 2",
            "c03130,  400,      4096,  Sony UK,     BCM2711, 0",
            "a03140,  CM4,      1024,  Sony UK,     BCM2711, 0",
            "d03140,  CM4,      8192,  Sony UK,     BCM2711, 0",
            "d04180,  CM5,      8192,  Sony UK,     BCM2712, 0",
            "d04190,  500,      8192,  Sony UK,     BCM2712, 0",
            "9020e0,  3A+,      512,   Sony UK,     BCM2837, 0",
            "a220a0,  CM3,      1024,  Embest,      BCM2837, 0",
            "a02100,  CM3+,     1024,  Sony UK,     BCM2837, 0",
            "900032,  B+,       512,   Sony UK,     BCM2835, 2",
            "0010,    B+,       512,   Sony UK,     BCM2835, 2",
            "000e,    B,        512,   Sony UK,     BCM2835, 0",
            "1000000e, B,       512,   Sony UK,     BCM2835, 0",
            "0x0015,  A+,       256,   Embest,      BCM2835, 1",
    })
    void decodesTheDocumentedBitFields(String code, String type, long mb, String maker, String soc, int rev) {
        BoardInfo b = RevisionCode.decode(code);
        assertThat(b).isNotNull();
        assertThat(b.type()).isEqualTo(type);
        assertThat(b.memoryBytes()).isEqualTo(mb * MB);
        assertThat(b.manufacturer()).isEqualTo(maker);
        assertThat(b.processor()).isEqualTo(soc);
        assertThat(b.boardRevision()).isEqualTo(rev);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "zz", "123456789", "0001", "ffffff"})
    void somethingThatIsNotAKnownCodeIsNull(String code) {
        // ffffff has the new-style bit; it decodes to an unknown type rather than guessing
        BoardInfo b = RevisionCode.decode(code);
        if (code.equals("ffffff")) assertThat(b.type()).isEqualTo("unknown (0xff)");
        else assertThat(b).isNull();
    }

    @org.junit.jupiter.api.Test
    void revisionCodeIsKeptNormalised() {
        assertThat(RevisionCode.decode(" C03114 ").revisionCode()).isEqualTo("c03114");
    }
}
