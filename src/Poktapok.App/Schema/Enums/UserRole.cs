namespace Poktapok.App.Schema.Enums;

/// <summary>The role of a user; stored and sent by its wire names.</summary>
public enum UserRole
{
    Member,
    Moderator,
    Admin,
}
