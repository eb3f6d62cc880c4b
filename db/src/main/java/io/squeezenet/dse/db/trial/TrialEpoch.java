package io.squeezenet.dse.db.trial;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * One epoch of one claim of a trial: its progress while it trains, shown with the trial. Keyed on the claim's
 * fencing token (attempt numbers repeat after a release); {@code attempt} is the user-facing count.
 */
@Entity
@Table(name = "trial_epochs")
public class TrialEpoch {

    @Embeddable
    public record Key(@Column(name = "trial_id") long trialId, long claim, int epoch) implements Serializable {
    }

    @EmbeddedId
    private Key key;
    private int attempt;
    @Column(name = "train_loss")
    private double trainLoss;
    @Column(name = "images_per_second")
    private double imagesPerSecond;
    private Double top1;
    private Double top5;
    @Column(name = "recorded_at", insertable = false, updatable = false)
    private OffsetDateTime recordedAt;

    protected TrialEpoch() {
    }

    public Key getKey() { return key; }
    public int getAttempt() { return attempt; }
    public double getTrainLoss() { return trainLoss; }
    public double getImagesPerSecond() { return imagesPerSecond; }
    public Double getTop1() { return top1; }
    public Double getTop5() { return top5; }
    public OffsetDateTime getRecordedAt() { return recordedAt; }
}
