package io.bramble.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

class JsonTest {
    @Test
    void unknownFieldIsRefusedEvenWhenRequiredFieldsAreMissing() {
        assertThatThrownBy(() -> Json.readStrict("{\"joinToken\":\"x\",\"bogus\":1}".getBytes(), EnrollRequest.class))
                .isInstanceOf(Json.UnknownFieldException.class)
                .hasMessageContaining("'bogus'")
                .hasMessageContaining("joinToken, facts");
    }

    @Test
    void unknownNestedFieldIsNamedWithItsPath() {
        assertThatThrownBy(() -> Json.readStrict(("{\"joinToken\":\"x\",\"facts\":{\"serial\":\"1\",\"hostname\":\"h\","
                + "\"simulated\":false,\"colour\":\"red\"}}").getBytes(), EnrollRequest.class))
                .isInstanceOf(Json.UnknownFieldException.class)
                .hasMessageContaining("'facts.colour'");
    }

    @Test
    void absentSignalsStayNullThroughTheWire() {
        Sample s = Json.mapper().readValue("{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":0.25}", Sample.class);
        assertThat(s.load1()).isEqualTo(0.25);
        assertThat(s.tempCelsius()).isNull();
        assertThat(Json.mapper().writeValueAsString(s)).contains("\"tempCelsius\":null");
    }

    @Test
    void throttledBitsDecodeAsTheFirmwareDocumentsThem() {
        Throttled t = Throttled.fromBits(0x50005);
        assertThat(t.underVoltage()).isTrue();
        assertThat(t.throttled()).isTrue();
        assertThat(t.freqCapped()).isFalse();
        assertThat(t.underVoltageOccurred()).isTrue();
        assertThat(t.throttledOccurred()).isTrue();
        assertThat(t.softTempLimitOccurred()).isFalse();
        assertThat(Throttled.fromBits(0).anyNow()).isFalse();
    }
}
