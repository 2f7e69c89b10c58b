namespace Poktapok.Engine.Storage;

/// <summary>An upload refused: the HTTP status and stable code the upload route answers with (<c>{code, message}</c>).</summary>
public sealed class UploadException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>The stable codes of refused uploads.</summary>
public static class UploadErrors
{
    /// <summary>400: the token is malformed, unknown or forged.</summary>
    public const string InvalidUploadUrl = "INVALID_UPLOAD_URL";

    /// <summary>400: the upload URL has expired (an hour after it was generated).</summary>
    public const string UploadUrlExpired = "UPLOAD_URL_EXPIRED";

    /// <summary>400: the upload URL was used already (each is good for one file).</summary>
    public const string UploadUrlUsed = "UPLOAD_URL_USED";

    /// <summary>400: the <c>Digest</c> header does not match the bytes.</summary>
    public const string DigestMismatch = "DIGEST_MISMATCH";

    /// <summary>413: larger than <see cref="StorageOptions.MaxUploadBytes"/>.</summary>
    public const string FileTooLarge = "FILE_TOO_LARGE";

    /// <summary>415: the bytes are not of an allowed type.</summary>
    public const string UnsupportedFileType = "UNSUPPORTED_FILE_TYPE";
}
