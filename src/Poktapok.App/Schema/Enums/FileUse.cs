namespace Poktapok.App.Schema.Enums;

/// <summary>What a stored file is attached as (<c>file_attachments.use</c>); stored and sent by its wire names.</summary>
public enum FileUse
{
    Avatar,
    ProjectLogo,
    ProjectImage,
    SubmissionEvidence,
}
