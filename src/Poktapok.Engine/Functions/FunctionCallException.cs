namespace Poktapok.Engine.Functions;

/// <summary>A function called from server code failed with an error that is not an application error.</summary>
public sealed class FunctionCallException(string path, string message) : Exception($"{FunctionPath.Display(path)}: {message}")
{
    public string Path { get; } = path;
}
