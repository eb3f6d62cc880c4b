package io.squeezenet.dse.db.trial;

import io.squeezenet.dse.model.architecture.Metaparameters;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.SourceType;
import org.hibernate.type.SqlTypes;

/**
 * One variant of a sweep: its metaparameters and seed, its exact sizes (known when queued), and, once run, its
 * accuracy. The unit of work and of record; its state changes go through {@code queue.TrialQueue}.
 */
@Entity
@Table(name = "trials")
public class Trial {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "sweep_id")
    private long sweepId;

    @Enumerated(EnumType.STRING)
    @Column(insertable = false)
    private TrialStatus status;

    /** Mapped in META-INF/orm.xml: the model's own record, one column per metaparameter, bypass by its label. */
    @Embedded
    private Metaparameters metaparameters;
    private long seed;

    private long params;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Column(name = "imagenet_params")
    private long imagenetParams;
    @Column(name = "imagenet_size_bytes")
    private long imagenetSizeBytes;
    /** One training step's memory, as the layer table estimates it: what a worker on a shared GPU admits by. */
    @Column(name = "training_bytes")
    private Long trainingBytes;
    @Column(name = "recipe_key")
    private String recipeKey;

    @Column(insertable = false)
    private int attempt;
    @Column(name = "max_attempts")
    private int maxAttempts;
    @Column(insertable = false)
    private String worker;
    @Column(name = "lease_expires_at", insertable = false)
    private OffsetDateTime leaseExpiresAt;

    @Column(insertable = false)
    private Double top1;
    @Column(insertable = false)
    private Double top5;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(insertable = false)
    private String result;
    @Column(insertable = false)
    private String error;
    @Column(name = "reused_from", insertable = false)
    private Long reusedFrom;
    /** The epoch (rung) its sweep's pruner stopped it at, when PRUNED. */
    @Column(name = "pruned_at_epoch", insertable = false)
    private Integer prunedAtEpoch;

    @Column(name = "queued_at", updatable = false)
    @CreationTimestamp(source = SourceType.DB)   // the database's clock, like started_at and the lease
    private OffsetDateTime queuedAt;
    @Column(name = "started_at", insertable = false)
    private OffsetDateTime startedAt;
    @Column(name = "finished_at", insertable = false)
    private OffsetDateTime finishedAt;

    protected Trial() {
    }

    public Trial(long sweepId, Metaparameters metaparameters, long seed,
                 long params, long sizeBytes, long imagenetParams, long imagenetSizeBytes, long trainingBytes,
                 String recipeKey, int maxAttempts) {
        this.sweepId = sweepId;
        this.metaparameters = metaparameters;
        this.seed = seed;
        this.params = params;
        this.sizeBytes = sizeBytes;
        this.imagenetParams = imagenetParams;
        this.imagenetSizeBytes = imagenetSizeBytes;
        this.trainingBytes = trainingBytes;
        this.recipeKey = recipeKey;
        this.maxAttempts = maxAttempts;
        this.status = TrialStatus.QUEUED;
    }

    public Long getId() { return id; }
    public long getSweepId() { return sweepId; }
    public TrialStatus getStatus() { return status; }
    public Metaparameters getMetaparameters() { return metaparameters; }
    public long getSeed() { return seed; }
    public long getParams() { return params; }
    public long getSizeBytes() { return sizeBytes; }
    public long getImagenetParams() { return imagenetParams; }
    public long getImagenetSizeBytes() { return imagenetSizeBytes; }
    public Long getTrainingBytes() { return trainingBytes; }
    public String getRecipeKey() { return recipeKey; }
    public int getAttempt() { return attempt; }
    public int getMaxAttempts() { return maxAttempts; }
    public String getWorker() { return worker; }
    public OffsetDateTime getLeaseExpiresAt() { return leaseExpiresAt; }
    public Double getTop1() { return top1; }
    public Double getTop5() { return top5; }
    public String getResult() { return result; }
    public String getError() { return error; }
    public Integer getPrunedAtEpoch() { return prunedAtEpoch; }
    public Long getReusedFrom() { return reusedFrom; }
    public OffsetDateTime getQueuedAt() { return queuedAt; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }
}
