using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>An invite code a member hands out (<c>invitations</c>).</summary>
public class Invitation : IValidatable
{
    public Guid Id { get; set; }
    public Guid InviterUserId { get; set; }
    public Guid? RedeemerUserId { get; set; }
    public required string InviteCode { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public InvitationStatus Status { get; set; } = InvitationStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules) =>
        rules.Matches(nameof(InviteCode), InviteCode, Patterns.InviteCode(), "16 to 32 letters, digits, '_' or '-'");

    internal static void Configure(EntityTypeBuilder<Invitation> b, SqlDialect d)
    {
        b.ToTable("invitations");
        b.Property(i => i.InviteCode).HasMaxLength(32);
        b.Property(i => i.Status).HasMaxLength(20).HasDefaultValue(InvitationStatus.Pending);

        b.HasOne<User>().WithMany().HasForeignKey(i => i.InviterUserId)
            .HasConstraintName("invitations_inviter_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.RedeemerUserId)
            .HasConstraintName("invitations_redeemer_fk").OnDelete(DeleteBehavior.SetNull);

        b.HasIndex(i => i.InviteCode).IsUnique().HasDatabaseName("invitations_invite_code_unique");
        b.HasIndex(i => i.InviterUserId).HasDatabaseName("idx_invitations_inviter");
        b.HasIndex(i => i.RedeemerUserId).HasDatabaseName("idx_invitations_redeemer");
        b.HasIndex(i => i.Status).HasDatabaseName("idx_invitations_status");
        b.HasIndex(i => new { i.InviterUserId, i.Status }).HasDatabaseName("idx_invitations_pending")
            .HasFilter($"{Q("status")} = 'pending'");
        // invitations:expireDue (pending past expiry) and invitations:listMine (an inviter's, newest first).
        b.HasIndex(i => new { i.Status, i.ExpiresAt }).HasDatabaseName("idx_invitations_status_expires");
        b.HasIndex(i => new { i.InviterUserId, i.CreatedAt }).HasDatabaseName("idx_invitations_inviter_created");

        b.Check("invite_code_format", d.OnlyChars("invite_code", "A-Za-z0-9_-", 16, 32));
    }
}
