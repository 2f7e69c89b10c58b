namespace Poktapok.App.Schema.Enums;

/// <summary>The category of a skill; stored and sent by its wire names.</summary>
public enum SkillCategory
{
    Language,
    Framework,
    Tool,
    Blockchain,
    Other,
}
