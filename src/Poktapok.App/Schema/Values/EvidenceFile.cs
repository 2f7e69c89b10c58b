using Poktapok.Engine.Functions;

namespace Poktapok.App.Schema.Values;

/// <summary>A file attached to a submission (<c>activity_submissions.evidence_files</c>).</summary>
public sealed record EvidenceFile(string Url, string? Filename = null, long? Size = null, string? Type = null, [IdOf(IdOfAttribute.Storage)] string? StorageId = null);
