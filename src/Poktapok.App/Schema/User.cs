using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A member's account (<c>users</c>), keyed to a Privy DID.</summary>
public class User : ISoftDeletable, IValidatable
{
    public Guid Id { get; set; }
    public required string PrivyDid { get; set; }
    public string? Email { get; set; }
    public string? Username { get; set; }
    public string? DisplayName { get; set; }
    public string? Bio { get; set; }
    public string? AvatarUrl { get; set; }
    public string? ExtWallet { get; set; }
    public string? AppWallet { get; set; }
    public required AuthMethod PrimaryAuthMethod { get; set; }
    public UserRole Role { get; set; } = UserRole.Member;
    public AccountStatus AccountStatus { get; set; } = AccountStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastLoginAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public JsonObject PrivyMetadata { get; set; } = [];
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.Matches(nameof(Email), Email, Patterns.Email(), "an email address");
        rules.Matches(nameof(Username), Username, Patterns.Username(), "3 to 50 letters, digits or underscores");
        rules.Matches(nameof(ExtWallet), ExtWallet, Patterns.Wallet(), "0x followed by 40 hexadecimal digits");
        rules.Matches(nameof(AppWallet), AppWallet, Patterns.Wallet(), "0x followed by 40 hexadecimal digits");
    }

    internal static void Configure(EntityTypeBuilder<User> b, SqlDialect d)
    {
        b.ToTable("users");
        b.Property(u => u.PrivyDid).HasMaxLength(255);
        b.Property(u => u.Email).HasMaxLength(255);
        b.Property(u => u.Username).HasMaxLength(50);
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.AvatarUrl).HasMaxLength(500);
        b.Property(u => u.ExtWallet).HasMaxLength(42);
        b.Property(u => u.AppWallet).HasMaxLength(42);
        b.Property(u => u.Role).HasDefaultValue(UserRole.Member);
        b.Property(u => u.AccountStatus).HasDefaultValue(AccountStatus.Pending);
        b.Property(u => u.LastLoginAt).DefaultsToNow(d);

        b.HasIndex(u => u.PrivyDid).IsUnique().HasDatabaseName("users_privy_did_unique");
        b.HasIndex(u => u.Email).IsUnique().HasDatabaseName("users_email_unique");
        b.HasIndex(u => u.Username).IsUnique().HasDatabaseName("users_username_unique");
        b.HasIndex(u => u.ExtWallet).HasDatabaseName("idx_users_ext_wallet").HasFilter($"{Q("ext_wallet")} IS NOT NULL");
        b.HasIndex(u => u.AppWallet).HasDatabaseName("idx_users_app_wallet").HasFilter($"{Q("app_wallet")} IS NOT NULL");
        b.HasIndex(u => u.AccountStatus).HasDatabaseName("idx_users_account_status");
        b.HasIndex(u => u.DeletedAt).HasDatabaseName("idx_users_deleted_at").HasFilter($"{Q("deleted_at")} IS NULL");
        b.HasIndex(u => u.PrimaryAuthMethod).HasDatabaseName("idx_users_primary_auth");
        b.HasIndex(u => u.Role).HasDatabaseName("idx_users_role");
        // stats:admin counts accounts by (status, role, closed) from this index alone.
        b.HasIndex(u => new { u.AccountStatus, u.Role, u.DeletedAt }).HasDatabaseName("idx_users_status_role_deleted");
        // The accounts the directory lists (active, not closed): its "is the owner listed" check reads this small index
        // per profile of the page instead of hashing the whole users table (PostgreSQL did that for filtered pages).
        b.HasIndex(u => u.Id).HasDatabaseName("idx_users_listed")
            .HasFilter($"{Q("account_status")} = 'active' AND {Q("deleted_at")} IS NULL");

        b.CheckWhenPresent("email_format", "email", d.Email("email"));
        b.CheckWhenPresent("username_format", "username", d.OnlyChars("username", "A-Za-z0-9_", 3, 50));
        b.CheckWhenPresent("ext_wallet_format", "ext_wallet", d.HexWithPrefix("ext_wallet", 40));
        b.CheckWhenPresent("app_wallet_format", "app_wallet", d.HexWithPrefix("app_wallet", 40));
    }
}
