namespace Handoff.Infrastructure.Secrets;

/// <summary>
/// Where the server shows generated secrets to the operator, once: the console, never the logging pipeline (log sinks
/// are shipped and kept elsewhere). Tests replace the writer to read what was shown.
/// </summary>
public sealed class OperatorConsole(TextWriter writer)
{
    public OperatorConsole()
        : this(Console.Out)
    {
    }

    public void Show(string text) => writer.WriteLine(text);
}
