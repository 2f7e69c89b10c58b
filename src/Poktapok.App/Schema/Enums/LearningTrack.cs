namespace Poktapok.App.Schema.Enums;

/// <summary>The learning track of a member; stored and sent by its wire names.</summary>
public enum LearningTrack
{
    Ai,
    Crypto,
    Privacy,
}
