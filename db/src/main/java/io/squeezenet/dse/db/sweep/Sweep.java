package io.squeezenet.dse.db.sweep;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.SourceType;
import org.hibernate.type.SqlTypes;

/** A submitted study: its request as accepted and the recipe its trials share. Its status is derived from them. */
@Entity
@Table(name = "sweeps")
public class Sweep {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String preset;

    @JdbcTypeCode(SqlTypes.JSON)
    private String request;

    @JdbcTypeCode(SqlTypes.JSON)
    private String training;

    @Column(name = "idempotency_key")
    private String idempotencyKey;

    @Column(name = "reuse_results")
    private boolean reuseResults;

    /** Whether each trained trial's weights are stored (trial_weights). */
    @Column(name = "keep_weights", updatable = false)
    private boolean keepWeights;

    /** The compressions measured on each trained trial: a JSON list of model.compression.CompressionSpec. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    private String compression = "[]";

    /** What planning its designs cost (api.search.SearchReport), for a searched or constrained sweep. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    private String search;

    /** The search may still propose designs: its budget is not met (updated by db.search.SearchProposals). */
    @Column(name = "search_open", updatable = false)
    private boolean searchOpen;

    /** Its pruner (model.search.Pruner), when its trials may stop early. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    private String pruner;

    /** The verdict of its gates (api.gate.GateReport), once they were evaluated. */
    @JdbcTypeCode(SqlTypes.JSON)
    private String gates;

    @Column(name = "cancelled_at")
    private OffsetDateTime cancelledAt;

    /** Its weight in the fair share of claims across sweeps (1 to 10): priority 2 is served twice as often as 1. */
    @Column(updatable = false)
    private int priority = 1;

    /** The name of the token that submitted it; null for sweeps from before tokens. */
    @Column(updatable = false)
    private String owner;

    // the database's clock, like the leases and every other timestamp: workers on other machines may drift
    @Column(name = "created_at", updatable = false)
    @CreationTimestamp(source = SourceType.DB)
    private OffsetDateTime createdAt;

    protected Sweep() {
    }

    public Sweep(String name, String preset, String request, String training, String idempotencyKey, boolean reuseResults,
                 String owner, int priority) {
        this.owner = owner;
        this.priority = priority;
        this.name = name;
        this.preset = preset;
        this.request = request;
        this.training = training;
        this.idempotencyKey = idempotencyKey;
        this.reuseResults = reuseResults;
    }

    public String getGates() {
        return gates;
    }

    public void setGates(String gates) {
        this.gates = gates;
    }

    public int getPriority() {
        return priority;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getPreset() {
        return preset;
    }

    public String getRequest() {
        return request;
    }

    public String getTraining() {
        return training;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public boolean isReuseResults() {
        return reuseResults;
    }

    /** What each trained trial keeps: its weights, and the compressions (a JSON list of CompressionSpec) measured on them. */
    public Sweep keeping(boolean weights, String compressionJson) {
        this.keepWeights = weights;
        this.compression = compressionJson;
        return this;
    }

    public Sweep searched(String searchJson, boolean open) {
        this.search = searchJson;
        this.searchOpen = open;
        return this;
    }

    public boolean isSearchOpen() {
        return searchOpen;
    }

    public String getSearch() {
        return search;
    }

    public Sweep pruned(String prunerJson) {
        this.pruner = prunerJson;
        return this;
    }

    public String getPruner() {
        return pruner;
    }

    public boolean isKeepWeights() {
        return keepWeights;
    }

    public String getCompression() {
        return compression;
    }

    public String getOwner() {
        return owner;
    }

    public OffsetDateTime getCancelledAt() {
        return cancelledAt;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
