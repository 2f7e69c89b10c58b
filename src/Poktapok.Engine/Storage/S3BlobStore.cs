using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Poktapok.Engine.Storage;

/// <summary>The settings of <see cref="S3BlobStore"/> (configuration section <c>Storage:S3</c>).</summary>
public sealed class S3Settings
{
    /// <summary>The bucket the blobs go in (it must exist).</summary>
    public required string Bucket { get; init; }

    /// <summary>An S3-compatible endpoint (MinIO, R2, a local server); null for AWS itself.</summary>
    public Uri? ServiceUrl { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    /// <summary>Prepended to every key (several deployments can share a bucket).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; } = true;
}

/// <summary>
/// Blobs in an S3-compatible object store (AWS SDK). Many nodes share them. Reads are served from a stream that
/// fetches byte ranges as the server seeks, so range requests reach the store as range requests.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3Settings _settings;

    public S3BlobStore(S3Settings settings)
    {
        _settings = settings;
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            AuthenticationRegion = settings.Region,
            // Checksums only where S3 requires them: S3-compatible servers differ in what trailers they understand.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }

        _client = settings.AccessKey is { } key
            ? new AmazonS3Client(new BasicAWSCredentials(key, settings.SecretKey ?? ""), config)
            : new AmazonS3Client(config);
    }

    public string Name => "s3";

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        var request = new PutObjectRequest
        {
            BucketName = _settings.Bucket,
            Key = _settings.Prefix + key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = length;
        await _client.PutObjectAsync(request, ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, long length, CancellationToken ct)
    {
        var stream = new RangeStream(_client, _settings.Bucket, _settings.Prefix + key, length);
        try
        {
            await stream.OpenAtAsync(0, ct);
            return stream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            await stream.DisposeAsync();
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _settings.Bucket, Key = _settings.Prefix + key }, ct);

    public void Dispose() => _client.Dispose();

    // A read-only, seekable view of one object: a GET from the current position to the end, re-issued after a seek.
    private sealed class RangeStream(IAmazonS3 client, string bucket, string key, long length) : Stream
    {
        private GetObjectResponse? _response;
        private long _position;
        private long _openedAt = -1;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public async Task OpenAtAsync(long position, CancellationToken ct)
        {
            _response?.Dispose();
            _response = null;
            var request = new GetObjectRequest { BucketName = bucket, Key = key };
            if (position > 0)
            {
                request.ByteRange = new ByteRange(position, length - 1);
            }

            _response = await client.GetObjectAsync(request, ct);
            _openedAt = position;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_position >= length || buffer.Length == 0)
            {
                return 0;
            }

            if (_response is null || _openedAt != _position)
            {
                await OpenAtAsync(_position, ct);
            }

            var read = await _response!.ResponseStream.ReadAsync(buffer, ct);
            _position += read;
            _openedAt += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
            _position = target;
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _response?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
