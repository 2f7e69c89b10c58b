using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A payout of PULPA for an approved submission (<c>pulpa_distributions</c>).</summary>
public class PulpaDistribution : IValidatable
{
    /// <summary>Optimism, where PULPA lives.</summary>
    public const int DefaultChainId = 10;

    public Guid Id { get; set; }
    public Guid SubmissionId { get; set; }
    public Guid UserId { get; set; }
    public Guid ActivityId { get; set; }
    public decimal PulpaAmount { get; set; }
    public required string RecipientWallet { get; set; }
    public int ChainId { get; set; } = DefaultChainId;
    public string? TransactionHash { get; set; }
    public required DistributionMethod DistributionMethod { get; set; }
    public DistributionStatus Status { get; set; } = DistributionStatus.Pending;
    public Guid DistributedByUserId { get; set; }
    public string? ErrorMessage { get; set; }
    public int RetryCount { get; set; }
    public DateTimeOffset InitiatedAt { get; set; }
    public DateTimeOffset? DistributedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.Positive(nameof(PulpaAmount), PulpaAmount);
        rules.Matches(nameof(RecipientWallet), RecipientWallet, Patterns.Wallet(), "0x followed by 40 hexadecimal digits");
        rules.Matches(nameof(TransactionHash), TransactionHash, Patterns.TransactionHash(), "0x followed by 64 hexadecimal digits");
        rules.AtLeast(nameof(RetryCount), RetryCount, 0);
    }

    internal static void Configure(EntityTypeBuilder<PulpaDistribution> b, SqlDialect d)
    {
        b.ToTable("pulpa_distributions");
        b.Property(p => p.PulpaAmount).HasPrecision(18, 8);
        b.Property(p => p.RecipientWallet).HasMaxLength(42);
        b.Property(p => p.ChainId).HasDefaultValue(DefaultChainId);
        b.Property(p => p.TransactionHash).HasMaxLength(66);
        b.Property(p => p.Status).HasDefaultValue(DistributionStatus.Pending);
        b.Property(p => p.RetryCount).HasDefaultValue(0);
        b.Property(p => p.InitiatedAt).DefaultsToNow(d);

        b.HasOne<ActivitySubmission>().WithMany().HasForeignKey(p => p.SubmissionId)
            .HasConstraintName("distributions_submission_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.UserId)
            .HasConstraintName("distributions_user_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Activity>().WithMany().HasForeignKey(p => p.ActivityId)
            .HasConstraintName("distributions_activity_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.DistributedByUserId)
            .HasConstraintName("distributions_distributed_by_fk").OnDelete(DeleteBehavior.Restrict);

        b.HasIndex(p => p.SubmissionId).HasDatabaseName("idx_distributions_submission_unique");
        b.HasIndex(p => p.UserId).HasDatabaseName("idx_distributions_user");
        b.HasIndex(p => p.ActivityId).HasDatabaseName("idx_distributions_activity");
        b.HasIndex(p => p.Status).HasDatabaseName("idx_distributions_status");
        b.HasIndex(p => p.TransactionHash).HasDatabaseName("idx_distributions_tx_hash");
        b.HasIndex(p => p.DistributedByUserId).HasDatabaseName("idx_distributions_distributed_by");
        b.HasIndex(p => p.DistributedAt).HasDatabaseName("idx_distributions_distributed_at");
        // pulpa:listDistributions pages newest first.
        b.HasIndex(p => p.InitiatedAt).HasDatabaseName("idx_distributions_initiated_at");

        b.Check("distribution_pulpa_positive", $"{Q("pulpa_amount")} > 0");
        b.Check("wallet_format", d.HexWithPrefix("recipient_wallet", 40));
        b.CheckWhenPresent("tx_hash_format", "transaction_hash", d.HexWithPrefix("transaction_hash", 64));
        b.Check("retry_count_positive", $"{Q("retry_count")} >= 0");
    }
}
