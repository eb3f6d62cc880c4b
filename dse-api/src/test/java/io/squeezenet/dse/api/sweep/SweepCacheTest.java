package io.squeezenet.dse.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the cache reads a sweep again, and what callers get while it does. */
class SweepCacheTest {

    static SweepView view(String name) {
        return new SweepView(1, name, "admin", 1, null, SweepStatus.QUEUED, OffsetDateTime.now(), null, 0, 0, Map.of(), 0.0,
                null, true, false, java.util.List.of(), null, null, null, null, null);
    }

    final AtomicInteger reads = new AtomicInteger();

    SweepView read(String name) {
        reads.incrementAndGet();
        return view(name);
    }

    @Test
    void aFreshViewIsNotReadAgainAndAnAnnouncedChangeIs() {
        SweepCache<String, SweepView> cache = new SweepCache<>(Duration.ofMinutes(10), v -> 1);
        assertThat(cache.get(1, "view", () -> read("first")).name()).isEqualTo("first");
        assertThat(cache.get(1, "view", () -> read("second")).name()).isEqualTo("first");
        assertThat(reads).hasValue(1);
        cache.changed(1);
        assertThat(cache.get(1, "view", () -> read("after the change")).name()).isEqualTo("after the change");
        cache.changedAll();
        assertThat(cache.get(1, "view", () -> read("after a gap")).name()).isEqualTo("after a gap");
        cache.forget(1);
        assertThat(cache.get(1, "view", () -> read("after this server's write")).name()).isEqualTo("after this server's write");
        assertThat(reads).hasValue(4);
    }

    @Test
    void whileOneCallerReadsAChangedSweepTheOthersKeepThePreviousView() {
        SweepCache<String, SweepView> cache = new SweepCache<>(Duration.ofMinutes(10), v -> 1);
        cache.get(1, "view", () -> read("old"));
        cache.changed(1);
        // a caller arriving while this one reads (here: from inside the read) gets the old view, not a read of its own
        SweepView[] meanwhile = new SweepView[1];
        SweepView fresh = cache.get(1, "view", () -> {
            meanwhile[0] = cache.get(1, "view", () -> read("a second read"));
            return read("new");
        });
        assertThat(meanwhile[0].name()).isEqualTo("old");
        assertThat(fresh.name()).isEqualTo("new");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aViewOlderThanTwiceTheTtlIsNeverServedAndAFailedReadForgetsTheSweep() {
        SweepCache<String, SweepView> cache = new SweepCache<>(Duration.ZERO, v -> 1);
        cache.get(1, "view", () -> read("old"));
        SweepView[] meanwhile = new SweepView[1];
        cache.get(1, "view", () -> {
            meanwhile[0] = cache.get(1, "view", () -> read("its own read"));
            return read("new");
        });
        assertThat(meanwhile[0].name()).isEqualTo("its own read");

        SweepCache<String, SweepView> kept = new SweepCache<>(Duration.ofMinutes(10), v -> 1);
        kept.get(1, "view", () -> read("before the delete"));
        kept.changed(1);
        assertThatThrownBy(() -> kept.get(1, "view", () -> {
            throw new IllegalStateException("no sweep 1");
        })).hasMessage("no sweep 1");
        assertThat(kept.get(1, "view", () -> read("read again")).name()).as("the deleted sweep's view is gone").isEqualTo("read again");
    }

    @Test
    void aChangeToASweepRefreshesEveryAnswerAboutItAndNoOther() {
        SweepCache<Integer, SweepView> pages = new SweepCache<>(Duration.ofMinutes(10), v -> 1);
        pages.get(1, 0, () -> read("sweep 1 page 0"));
        pages.get(1, 1, () -> read("sweep 1 page 1"));
        pages.get(2, 0, () -> read("sweep 2 page 0"));
        assertThat(pages.get(1, 1, () -> read("read again")).name()).isEqualTo("sweep 1 page 1");
        pages.changed(1);
        assertThat(pages.get(1, 0, () -> read("page 0 after")).name()).isEqualTo("page 0 after");
        assertThat(pages.get(1, 1, () -> read("page 1 after")).name()).isEqualTo("page 1 after");
        assertThat(pages.get(2, 0, () -> read("read again")).name()).as("another sweep's").isEqualTo("sweep 2 page 0");
    }

    /** A reader cycling pages and sorts over many large sweeps: what the cache keeps stays within its bound. */
    @Test
    void answersBeyondTheWeightBoundAreEvicted() {
        SweepCache<Integer, java.util.List<Integer>> pages = new SweepCache<>(Duration.ofMinutes(10), java.util.List::size);
        java.util.List<Integer> page = java.util.Collections.nCopies(1_000, 7);   // a page of 1,000 trials
        for (long sweep = 1; sweep <= 20; sweep++) {
            for (int query = 0; query < 20; query++) {
                assertThat(pages.get(sweep, query, () -> page)).hasSize(1_000);
            }
        }
        assertThat(pages.weight()).as("400 pages of 1,000 asked, %d kept at most", SweepCache.MAX_WEIGHT)
                .isPositive().isLessThanOrEqualTo(SweepCache.MAX_WEIGHT);
    }
}
