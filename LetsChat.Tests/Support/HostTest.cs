namespace LetsChat.Tests.Support;

/// <summary>
/// The base of tests that drive the real host's services: one <see cref="LetsChatApp"/> (SQLite, in-process bus) per
/// test, people as circuits from <see cref="Circuits"/>, all closed when the test ends.
/// </summary>
public abstract class HostTest : IAsyncLifetime
{
    protected HostTest()
        : this(new LetsChatApp())
    {
    }

    protected HostTest(LetsChatApp app)
    {
        App = app;
        Circuits = new CircuitPool(app);
    }

    protected LetsChatApp App { get; }

    protected CircuitPool Circuits { get; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        await Circuits.DisposeAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
