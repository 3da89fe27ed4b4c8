using System.Collections.Concurrent;
using Guardrails.Cli.Reporting;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>The emitter behind the streamed text report: input order whatever the completion order, and bounded waiting.</summary>
public sealed class OrderedEmitterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Items_come_out_in_slot_order_whatever_order_the_slots_finish_in()
    {
        var written = new List<string>();
        var emitter = new OrderedEmitter<string>(4, maxWaiting: 1000, written.Add);

        emitter.Add(2, "c1", 1);
        emitter.Add(3, "d1", 1);
        emitter.Complete(3);
        emitter.Add(1, "b1", 1);
        written.Should().BeEmpty("no item may pass slot 0, which has written nothing yet");

        emitter.Add(0, "a1", 1);
        written.Should().Equal(["a1"], "the turn's items are written at once");
        emitter.Add(2, "c2", 1);
        emitter.Add(0, "a2", 1);
        emitter.Complete(0);
        written.Should().Equal(["a1", "a2", "b1"], "slot 1 is the turn now; slot 2 still waits for it");
        emitter.WaitingWeight.Should().Be(3);

        emitter.Add(1, "b2", 1);
        emitter.Complete(2);
        written.Should().Equal(["a1", "a2", "b1", "b2"]);
        emitter.Complete(1);

        written.Should().Equal(["a1", "a2", "b1", "b2", "c1", "c2", "d1"]);
        emitter.WaitingWeight.Should().Be(0);
    }

    [Fact]
    public void Slots_taken_in_order_and_finished_at_random_on_many_threads_keep_every_item_in_order()
    {
        // As the check runner takes its inputs: one at a time in order (a producer ahead waits only for slots already
        // taken), each taking its own time.
        const int slots = 200;
        const int itemsPerSlot = 20;
        var written = new List<(int Slot, int Item)>();
        var emitter = new OrderedEmitter<(int, int)>(slots, maxWaiting: 50, written.Add);

        var inOrder = Partitioner.Create(Enumerable.Range(0, slots), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(inOrder, new ParallelOptions { MaxDegreeOfParallelism = 8 }, slot =>
        {
            for (var item = 0; item < itemsPerSlot; item++)
            {
                if (Random.Shared.Next(8) == 0)
                {
                    Thread.Sleep(Random.Shared.Next(2));
                }

                emitter.Add(slot, (slot, item), 1);
            }

            emitter.Complete(slot);
        });

        written.Should().Equal(Enumerable.Range(0, slots).SelectMany(s => Enumerable.Range(0, itemsPerSlot).Select(i => (s, i))));
    }

    [Fact]
    public async Task A_producer_ahead_of_the_turn_waits_while_the_waiting_items_are_over_the_bound()
    {
        var written = new ConcurrentQueue<string>();
        var emitter = new OrderedEmitter<string>(3, maxWaiting: 10, written.Enqueue);
        emitter.Add(1, "b1", 6);
        emitter.Add(2, "c1", 4);
        emitter.WaitingWeight.Should().Be(10, "up to the bound, items wait without blocking");

        var blocked = Task.Factory.StartNew(() => emitter.Add(2, "c2", 1), TaskCreationOptions.LongRunning);
        (await Finishes(blocked, TimeSpan.FromMilliseconds(300))).Should().BeFalse("one more would pass the bound: its producer waits");
        emitter.WaitingWeight.Should().Be(10);

        emitter.Add(0, "a1", 100);
        written.Should().Equal(["a1"], "the turn's producer writes at once, whatever the bound");
        blocked.IsCompleted.Should().BeFalse();

        emitter.Complete(0);
        (await Finishes(blocked, Patience)).Should().BeTrue("slot 1's items were written when slot 0 completed, which made room");
        written.Should().Equal(["a1", "b1"]);
        emitter.WaitingWeight.Should().Be(5);

        emitter.Complete(1);
        emitter.Complete(2);
        written.Should().Equal(["a1", "b1", "c1", "c2"]);
    }

    [Fact]
    public async Task A_producer_that_waits_writes_at_once_when_its_turn_comes()
    {
        var written = new ConcurrentQueue<string>();
        var emitter = new OrderedEmitter<string>(2, maxWaiting: 5, written.Enqueue);
        emitter.Add(1, "b1", 5);

        var blocked = Task.Factory.StartNew(() => emitter.Add(1, "b2", 5), TaskCreationOptions.LongRunning);
        (await Finishes(blocked, TimeSpan.FromMilliseconds(300))).Should().BeFalse();

        emitter.Complete(0);
        (await Finishes(blocked, Patience)).Should().BeTrue();
        written.Should().Equal(["b1", "b2"]);
        emitter.WaitingWeight.Should().Be(0, "an item whose slot has the turn never waits");
    }

    [Fact]
    public void One_item_heavier_than_the_bound_waits_alone_instead_of_blocking_forever()
    {
        var written = new List<string>();
        var emitter = new OrderedEmitter<string>(2, maxWaiting: 5, written.Add);

        emitter.Add(1, "huge", 50);

        emitter.WaitingWeight.Should().Be(50);
        emitter.Complete(0);
        written.Should().Equal(["huge"]);
    }

    [Fact]
    public async Task A_failed_write_stops_the_writing_and_releases_every_waiting_producer()
    {
        var written = new List<string>();
        var emitter = new OrderedEmitter<string>(3, maxWaiting: 1, item =>
        {
            if (item == "bad")
            {
                throw new IOException("broken pipe");
            }

            written.Add(item);
        });
        emitter.Add(2, "c1", 1);
        var blocked = Task.Factory.StartNew(() => emitter.Add(2, "c2", 1), TaskCreationOptions.LongRunning);
        (await Finishes(blocked, TimeSpan.FromMilliseconds(300))).Should().BeFalse();

        emitter.Add(0, "bad", 1);

        (await Finishes(blocked, Patience)).Should().BeTrue("a producer waiting for a turn must not hang once nothing more can be written");
        emitter.Failure.Should().BeOfType<IOException>();
        emitter.Add(1, "b1", 1);
        emitter.Complete(0);
        emitter.Complete(1);
        emitter.Complete(2);
        written.Should().BeEmpty();
        emitter.WaitingWeight.Should().Be(0);
    }

    private static async Task<bool> Finishes(Task task, TimeSpan within) => await Task.WhenAny(task, Task.Delay(within)) == task;
}
