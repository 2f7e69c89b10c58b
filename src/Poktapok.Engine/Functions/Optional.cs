namespace Poktapok.Engine.Functions;

/// <summary>
/// An argument field that may be absent, as distinct from present and null: partial updates change only the
/// fields given (<c>Optional&lt;string?&gt;</c>: absent = leave, null = clear, a value = set).
/// </summary>
public readonly record struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        HasValue = true;
    }

    public bool HasValue { get; }

    public T Value => HasValue ? _value : throw new InvalidOperationException("The field was not given.");

    /// <summary>The value when given, otherwise <paramref name="current"/>.</summary>
    public T Or(T current) => HasValue ? _value : current;

    public static implicit operator Optional<T>(T value) => new(value);
}
