namespace Poktapok.App.Schema.Enums;

/// <summary>The a member's level in a skill; stored and sent by its wire names.</summary>
public enum ProficiencyLevel
{
    Beginner,
    Intermediate,
    Advanced,
}
