package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bramble.center.config.PowerConfig;

/** PSU budgets from the model table, and the warning when a PSU may be asked for more than it can give. */
class PowerBudgetTest {
    private final PiModels models = new PiModels(Map.of());

    @Test
    void modelsAreFoundByBoardNameOrKeyMostSpecificFirst() {
        assertThat(models.of("Raspberry Pi 4 Model B Rev 1.4").maxWatts()).isEqualTo(6.4);
        assertThat(models.of("Raspberry Pi 3 Model B Plus Rev 1.3").maxWatts()).isEqualTo(5.1);
        assertThat(models.of("Raspberry Pi 3 Model B Rev 1.2").maxWatts()).isEqualTo(4.0);
        assertThat(models.of("Raspberry Pi 5 Model B Rev 1.0").maxWatts()).isEqualTo(12.0);
        assertThat(models.of("Raspberry Pi Zero 2 W Rev 1.0").maxWatts()).isEqualTo(3.0);
        assertThat(models.of("Raspberry Pi Compute Module 4 Rev 1.0").maxWatts()).isEqualTo(7.0);
        assertThat(models.of("cm4").key()).isEqualTo("CM4");
        assertThat(models.of("Some Other Board").maxWatts()).isEqualTo(PiModels.UNKNOWN_WATTS);
        assertThat(models.of(null).key()).isEqualTo("unknown");
        assertThat(new PiModels(Map.of("4B", 7.5)).of("Raspberry Pi 4 Model B Rev 1.5").maxWatts()).isEqualTo(7.5);
    }

    @Test
    void aRowOfEightPi4sOnA60WattSupplyFitsAndNineDoNot() {
        List<PowerBudget.Fed> fed = new java.util.ArrayList<>();
        for (int i = 1; i <= 9; i++)
            fed.add(new PowerBudget.Fed("node0" + i, "rack1", i <= 8 ? 1 : 2, "4B", 6.4, i <= 2 ? 3.0 : null));
        var row1 = new PowerConfig.Psu("row1", 60.0, "rack1", 1, null);
        var rack = new PowerConfig.Psu("rack", 55.0, "rack1", null, null);
        var b = PowerBudget.compute(List.of(row1, rack), fed, g -> List.of());
        var r1 = b.get(0);
        assertThat(r1.nodes()).hasSize(8);
        assertThat(r1.estimatedWatts()).isEqualTo(51.2);
        assertThat(r1.estimatedPercent()).isEqualTo(85.3);
        assertThat(r1.overSubscribed()).isFalse();
        assertThat(r1.warning()).isNull();
        assertThat(r1.measuredWatts()).isEqualTo(6.0);
        assertThat(r1.measuredNodes()).isEqualTo(2);
        var whole = b.get(1);
        assertThat(whole.nodes()).hasSize(9);
        assertThat(whole.estimatedWatts()).isEqualTo(57.6);
        assertThat(whole.overSubscribed()).isTrue();
        assertThat(whole.warning()).contains("rack").contains("over-subscribed").contains("57.6 W").contains("55.0 W");
    }

    @Test
    void aPsuFeedingANodeSetCountsNodesNotYetEnrolledAtTheUnknownFigure() {
        var fed = List.of(new PowerBudget.Fed("pi5-a", null, null, "5", 12.0, 31.0));
        var psu = new PowerConfig.Psu("usb-hub", 30.0, null, null, "pi5-a,@spare");
        var b = PowerBudget.compute(List.of(psu), fed, g -> g.equals("spare") ? List.of("zero-1") : List.of()).getFirst();
        assertThat(b.nodes()).containsExactly("pi5-a", "zero-1");
        assertThat(b.estimatedWatts()).isEqualTo(12.0 + PiModels.UNKNOWN_WATTS);
        assertThat(b.overSubscribed()).isFalse();
        // measured above the rating is the louder warning
        assertThat(b.warning()).contains("overloaded now").contains("31.0 W");
    }
}
