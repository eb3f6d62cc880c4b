package io.squeezenet.dse.api.sweep;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Answers about single sweeps that dashboards and notebooks poll: a sweep's view, which costs three scans of its trials
 * (its counts, its ETA's fit, its running trials), and pages of its trials. An answer is fresh for the TTL
 * ({@code dse.sweeps.view-cache}) unless the database announced a change to its sweep meanwhile. Once it is not, one
 * caller reads it again while callers arriving meanwhile keep the previous answer, as long as it is younger than twice
 * the TTL: one read instead of every waiting caller's at once. So no answer is older than twice the TTL, and none
 * misses an announced change by more than the time one read takes.
 *
 * @param <Q> what is asked of a sweep besides its id (a page's filter, sort and number)
 * @param <V> the answer
 */
final class SweepCache<Q, V> {

    /**
     * What all answers may weigh together: a sweep's view weighs 1, a page of trials the trials on it. Past it the
     * answers least recently used go, so a reader cycling pages and sorts over large sweeps cannot fill the heap.
     */
    static final long MAX_WEIGHT = 50_000;

    private record Key<Q>(long sweep, Q query) {
    }

    private record Entry<V>(V value, long at, boolean changed, AtomicBoolean reading) {
        Entry<V> markChanged() {
            return new Entry<>(value, at, true, reading);
        }
    }

    private final Cache<Key<Q>, Entry<V>> entries;
    private final long ttlNanos;

    /** {@code weight}: what one answer weighs (at least 1). */
    SweepCache(Duration ttl, ToIntFunction<V> weight) {
        this.ttlNanos = ttl.toNanos();
        this.entries = Caffeine.newBuilder().maximumWeight(MAX_WEIGHT)
                .weigher((Key<Q> key, Entry<V> entry) -> Math.max(1, weight.applyAsInt(entry.value()))).build();
    }

    /** The answer, cached or read by {@code read}; what {@code read} throws (404) is thrown, and forgets the sweep. */
    V get(long id, Q query, Supplier<V> read) {
        long now = System.nanoTime();
        Key<Q> key = new Key<>(id, query);
        Entry<V> entry = entries.getIfPresent(key);
        if (entry != null) {
            long age = now - entry.at();
            if (!entry.changed() && age < ttlNanos) {
                return entry.value();
            }
            if (age < 2 * ttlNanos && !entry.reading().compareAndSet(false, true)) {
                return entry.value();   // another caller is reading it again
            }
        }
        try {
            V value = read.get();
            entries.put(key, new Entry<>(value, now, false, new AtomicBoolean()));
            return value;
        } catch (RuntimeException gone) {
            forget(id);
            throw gone;
        } finally {
            if (entry != null) {
                entry.reading().set(false);
            }
        }
    }

    /** The database announced a change: the next caller reads the sweep's answers again. */
    void changed(long id) {
        entries.asMap().replaceAll((key, e) -> key.sweep() == id ? e.markChanged() : e);
    }

    /** Announcements may have been missed (the listener reconnected): every answer is read again. */
    void changedAll() {
        entries.asMap().replaceAll((key, e) -> e.markChanged());
    }

    /** This server changed the sweep: nobody gets an old answer about it from here again. */
    void forget(long id) {
        entries.asMap().keySet().removeIf(key -> key.sweep() == id);
    }

    /** What the kept answers weigh now (after pending evictions). */
    long weight() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }
}
