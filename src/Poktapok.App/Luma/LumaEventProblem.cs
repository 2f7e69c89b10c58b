namespace Poktapok.App.Luma;

/// <summary>Something that was wrong or missing while reading one event (or, without a slug, the calendar page).</summary>
public sealed record LumaEventProblem(string? Slug, string Message);
