using System.Globalization;
using System.Text;

namespace Poktapok.Protocol.Values;

/// <summary>
/// Where the reader or writer is inside a value, kept as a stack so the common case (no error) builds no strings;
/// the text is made only for an exception.
/// </summary>
internal sealed class ValuePath(string prefix)
{
    private readonly List<(string? Key, int Index)> _segments = [];

    public void Push(string key) => _segments.Add((key, -1));

    public void Push(int index) => _segments.Add((null, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public ConvexValueException Error(string reason, Exception? innerException = null) =>
        new(ToString(), reason, innerException);

    public override string ToString()
    {
        var text = new StringBuilder(prefix);
        foreach (var (key, index) in _segments)
        {
            if (key is null)
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else if (FieldNames.IsPlainIdentifier(key))
                text.Append('.').Append(key);
            else
                text.Append('[').Append(FieldNames.Show(key)).Append(']');
        }

        return text.ToString();
    }
}
