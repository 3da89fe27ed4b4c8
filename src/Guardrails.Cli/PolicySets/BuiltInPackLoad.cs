using System.Runtime.ExceptionServices;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.PolicySets;

/// <summary>
/// One load of the built-in pack begun on a thread of its own, which the thread that takes it then shares
/// (<see cref="CompiledPackLoad"/>): it compiles the policies left when it arrives instead of waiting. A short run has
/// not started the thread pool, and starting it (a worker, its gate thread) costs more than the one thread
/// (docs/performance.md, start-up). Once the pack is compiled the thread waits for the run's engine and warms it up
/// (<see cref="EngineWarmUp"/>) while the main thread reads the input, unless the run ends first or has one core.
/// </summary>
internal sealed class BuiltInPackLoad
{
    private readonly Thread _thread;
    private readonly object _gate = new();
    private CompiledPackLoad? _load;
    private ExceptionDispatchInfo? _failure;
    private PolicyEngine? _engine;
    private bool _released;

    private BuiltInPackLoad() => _thread = new Thread(Run) { IsBackground = true, Name = "built-in pack" };

    /// <summary>Starts reading and compiling the built-in pack on a new thread.</summary>
    public static BuiltInPackLoad Start()
    {
        var load = new BuiltInPackLoad();
        load._thread.Start();
        return load;
    }

    /// <summary>The pack, compiled with this thread's help; a failure of the other thread is thrown here.</summary>
    public PolicyLoadResult Result()
    {
        CompiledPackLoad? load;
        lock (_gate)
        {
            while ((load = _load) is null && _failure is null)
            {
                Monitor.Wait(_gate);
            }
        }

        if (load is null)
        {
            _failure!.Throw();
        }

        var result = load!.Complete();
        _failure?.Throw();
        if (result.PolicySet is null || Environment.ProcessorCount < 2)
        {
            Release();
        }

        return result;
    }

    /// <summary>Has the thread judge a sample with <paramref name="engine"/> (once, if it still waits for one).</summary>
    public void WarmUp(PolicyEngine engine) => Hand(engine);

    /// <summary>Lets the thread end without warming anything up.</summary>
    public void Release() => Hand(null);

    private void Hand(PolicyEngine? engine)
    {
        lock (_gate)
        {
            if (!_released)
            {
                _engine = engine;
                _released = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Run()
    {
        try
        {
            var load = PolicySelection.BeginBuiltIn();
            lock (_gate)
            {
                _load = load;
                Monitor.PulseAll(_gate);
            }

            load.Help();
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
                Monitor.PulseAll(_gate);
            }

            return;
        }

        if (TakeEngine() is not { } engine)
        {
            return;
        }

        try
        {
            EngineWarmUp.Run(engine);
        }
        catch (Exception)
        {
            // Only a head start: a defect it meets is the main thread's to report, from an object of the input.
        }
    }

    private PolicyEngine? TakeEngine()
    {
        lock (_gate)
        {
            while (!_released)
            {
                Monitor.Wait(_gate);
            }

            return _engine;
        }
    }
}
