package dev.labconsole.ui.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class LogRingTest {

    @Test
    void behavesLikeAnArrayListUnderEveryOperation() {
        Random random = new Random(42);
        List<Integer> ring = new LogRing<>(4);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int op = random.nextInt(10);
            if (op < 5 || expected.isEmpty()) {
                ring.add(i);
                expected.add(i);
            } else if (op < 7) {
                assertThat(ring.remove(0)).isEqualTo(expected.remove(0));
            } else if (op == 7) {
                int at = random.nextInt(expected.size());
                assertThat(ring.remove(at)).isEqualTo(expected.remove(at));
            } else if (op == 8) {
                int at = random.nextInt(expected.size() + 1);
                ring.add(at, -i);
                expected.add(at, -i);
            } else {
                int at = random.nextInt(expected.size());
                assertThat(ring.set(at, i * 2)).isEqualTo(expected.set(at, i * 2));
            }
            assertThat(ring.size()).isEqualTo(expected.size());
        }
        assertThat(ring).containsExactlyElementsOf(expected);
        ring.subList(0, ring.size() / 2).clear();
        expected.subList(0, expected.size() / 2).clear();
        assertThat(ring).containsExactlyElementsOf(expected);
        ring.clear();
        assertThat(ring).isEmpty();
        assertThatThrownBy(() -> ring.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void droppingTheOldestLinesOfAnObservableRingIsOneRemoveChange() {
        ObservableList<Integer> lines = FXCollections.observableList(new LogRing<>(8));
        for (int i = 0; i < 10; i++) {
            lines.add(i);
        }
        List<String> changes = new ArrayList<>();
        lines.addListener((ListChangeListener<Integer>) change -> {
            while (change.next()) {
                changes.add(change.getFrom() + ":" + change.getRemoved());
            }
        });
        lines.remove(0, 3);
        assertThat(changes).containsExactly("0:[0, 1, 2]");
        assertThat(lines).containsExactly(3, 4, 5, 6, 7, 8, 9);
    }
}
