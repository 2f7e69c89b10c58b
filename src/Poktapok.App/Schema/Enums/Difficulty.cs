namespace Poktapok.App.Schema.Enums;

/// <summary>The difficulty of an activity; stored and sent by its wire names.</summary>
public enum Difficulty
{
    Beginner,
    Intermediate,
    Advanced,
}
