namespace Poktapok.App.Schema.Enums;

/// <summary>The how an activity's submissions are verified; stored and sent by its wire names.</summary>
public enum VerificationType
{
    Manual,
    Automatic,
    Hybrid,
}
