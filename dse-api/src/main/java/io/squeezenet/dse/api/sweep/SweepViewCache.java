package io.squeezenet.dse.api.sweep;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Views of single sweeps, which dashboards and notebooks poll and which cost three scans of a sweep's trials each (its
 * counts, its ETA's fit, its running trials). A view is fresh for the TTL ({@code dse.sweeps.view-cache}) unless the
 * database announced a change to its sweep meanwhile. Once it is not, one caller reads the sweep again while callers
 * arriving meanwhile keep the previous view, as long as it is younger than twice the TTL: one read instead of every
 * waiting caller's at once. So no answer is older than twice the TTL, and none misses an announced change by more
 * than the time one read takes.
 */
final class SweepViewCache {

    /** More sweeps than a dashboard polls at once: past it the cache starts over rather than grow. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(SweepView view, long at, boolean changed, AtomicBoolean reading) {
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SweepViewCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The sweep's view, cached or read by {@code read}; what {@code read} throws (404) is thrown, and forgets it. */
    SweepView get(long id, Supplier<SweepView> read) {
        long now = System.nanoTime();
        Entry entry = entries.get(id);
        if (entry != null) {
            long age = now - entry.at();
            if (!entry.changed() && age < ttlNanos) {
                return entry.view();
            }
            if (age < 2 * ttlNanos && !entry.reading().compareAndSet(false, true)) {
                return entry.view();   // another caller is reading it again
            }
        }
        try {
            SweepView view = read.get();
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(id, new Entry(view, now, false, new AtomicBoolean()));
            return view;
        } catch (RuntimeException gone) {
            entries.remove(id);
            throw gone;
        } finally {
            if (entry != null) {
                entry.reading().set(false);
            }
        }
    }

    /** The database announced a change: the next caller reads the sweep again. */
    void changed(long id) {
        entries.computeIfPresent(id, (key, e) -> new Entry(e.view(), e.at(), true, e.reading()));
    }

    /** Announcements may have been missed (the listener reconnected): every view is read again. */
    void changedAll() {
        entries.replaceAll((key, e) -> new Entry(e.view(), e.at(), true, e.reading()));
    }

    /** This server changed the sweep: nobody gets the old view from here again. */
    void forget(long id) {
        entries.remove(id);
    }
}
