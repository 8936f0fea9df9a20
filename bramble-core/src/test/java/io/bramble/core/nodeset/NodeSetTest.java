package io.bramble.core.nodeset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSetTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "node[01-04,07]|node01 node02 node03 node04 node07",
            "node[1-3]|node1 node2 node3",
            "node[08-11]|node08 node09 node10 node11",
            "pi[1-9/4]|pi1 pi5 pi9",
            "r[1-2]-n[1-2]|r1-n1 r1-n2 r2-n1 r2-n2",
            "node[1-5]!node3|node1 node2 node4 node5",
            "node[1-5]!node[2-3],node9|node1 node4 node5 node9",
            "node[1-5]&node[4-8]|node4 node5",
            "a,b,a|a b",
            "web01|web01",
    })
    void expandsClusterShellSyntax(String expression, String expected) {
        assertThat(NodeSet.expand(expression)).containsExactly(expected.split(" "));
    }

    @Test
    void groupsComeFromTheResolver() {
        Map<String, List<String>> groups = Map.of("web", List.of("node01", "node02"), "db", List.of("node05"));
        assertThat(NodeSet.expand("@web,@db,node09", g -> groups.get(g))).containsExactly("node01", "node02", "node05", "node09");
        assertThat(NodeSet.expand("node[01-05]!@web", g -> groups.get(g))).containsExactly("node03", "node04", "node05");
    }

    @Test
    void groupsWithoutResolverAreRefused() {
        assertThatThrownBy(() -> NodeSet.expand("@web")).hasMessageContaining("@web");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "node[", "node]", "node[1-", "node[a-b]", "node[5-1]", "node[[1]]", "no de", "n,,m",
            "node[1-9/0]", "node[1-999999999]", "x;rm", "node[]"})
    void badExpressionsAreRefusedWithAReason(String bad) {
        assertThatThrownBy(() -> NodeSet.expand(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node set");
    }

    @Test
    void foldIsTheInverseOfExpand() {
        assertThat(NodeSet.fold(List.of("node01", "node02", "node03", "node07", "web"))).isEqualTo("node[01-03,07],web");
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Set<String> names = new TreeSet<>();
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) names.add(String.format("pi%02d", random.nextInt(60)));
            if (random.nextBoolean()) names.add("gw" + random.nextInt(3));
            assertThat(new TreeSet<>(NodeSet.expand(NodeSet.fold(names)))).as("round %d: %s", round, names).isEqualTo(names);
        }
    }
}
