namespace TrioSharp.Tests.Cancellation;

public class CancelScopeTokenTests
{
    [Fact]
    public void Token_ScopeCancelled_FiresAtTheCancelCall()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(s =>
        {
            var token = s.Token;
            Assert.False(token.IsCancellationRequested);

            s.Cancel();

            Assert.True(token.IsCancellationRequested);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void Token_OuterScopeCancelled_InnerTokenFires()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(outer => new CancelScope().RunAsync(inner =>
        {
            var token = inner.Token;

            outer.Cancel();

            Assert.True(token.IsCancellationRequested);
            Assert.False(inner.CancelCalled);
            return Task.CompletedTask;
        })));
    }

    [Fact]
    public void Token_OuterCancelledBehindAShield_DoesNotFire()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(outer => new CancelScope(shield: true).RunAsync(inner =>
        {
            var token = inner.Token;

            outer.Cancel();

            Assert.False(token.IsCancellationRequested);
            return Task.CompletedTask;
        })));
    }

    [Fact]
    public void Token_ShieldRemovedWhileOuterCancelled_Fires()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(outer => new CancelScope(shield: true).RunAsync(inner =>
        {
            var token = inner.Token;
            outer.Cancel();

            inner.Shield = false;

            Assert.True(token.IsCancellationRequested);
            return Task.CompletedTask;
        })));
    }

    [Fact]
    public void Token_ReadInsideAlreadyCancelledScope_IsAlreadyCancelled()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(outer =>
        {
            outer.Cancel();
            return new CancelScope().RunAsync(inner =>
            {
                Assert.True(inner.Token.IsCancellationRequested);
                return Task.CompletedTask;
            });
        }));
    }

    [Fact]
    public void Token_DeadlinePasses_FiresAtTheDeadline()
    {
        var firedAt = -1.0;

        VirtualTime.Run(() => CancelScope.WithTimeout(TimeSpan.FromSeconds(2)).RunAsync(async s =>
        {
            s.Token.Register(() => firedAt = VirtualTime.Now);
            await Trio.SleepForever();
        }));

        Assert.Equal(2.0, firedAt);
    }

    [Fact]
    public void Token_ObtainedAndCancelledBeforeEntry_IsCancelled()
    {
        var scope = new CancelScope();
        var token = scope.Token;

        scope.Cancel();

        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public void Token_ObtainedBeforeEntryIntoCancelledScope_FiresOnEntry()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(async outer =>
        {
            outer.Cancel();
            var scope = new CancelScope();
            var token = scope.Token;

            await scope.RunAsync(() =>
            {
                Assert.True(token.IsCancellationRequested);
                return Task.CompletedTask;
            });
        }));
    }

    [Fact]
    public void Token_ObtainedBeforeEntryWithPastDeadline_FiresOnEntry()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.Zero);
        var token = scope.Token;

        VirtualTime.Run(() => scope.RunAsync(() =>
        {
            Assert.True(token.IsCancellationRequested);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void Cancel_TokenCallbackThrows_EveryTokenStillFiresAndCancelThrowsAggregate()
    {
        var callbackError = new InvalidDataException();

        VirtualTime.Run(() => new CancelScope().RunAsync(outer => new CancelScope().RunAsync(inner =>
        {
            using var registration = outer.Token.Register(() => throw callbackError);
            var innerToken = inner.Token;

            var error = Assert.Throws<AggregateException>(outer.Cancel);

            Assert.Same(callbackError, Assert.Single(error.Flatten().InnerExceptions));
            Assert.True(outer.CancelCalled);
            Assert.True(innerToken.IsCancellationRequested);
            return Task.CompletedTask;
        })));
    }

    [Fact]
    public void Deadline_TokenCallbackThrows_TheScopeRaisesItWhereItExits()
    {
        var callbackError = new InvalidDataException();

        var (caught, at) = VirtualTime.Run(async () =>
        {
            try
            {
                await CancelScope.WithTimeout(TimeSpan.FromSeconds(1)).RunAsync(async scope =>
                {
                    using var registration = scope.Token.Register(() => throw callbackError);
                    await Trio.SleepForever();
                });
                return (null, VirtualTime.Now);
            }
            catch (AggregateException e)
            {
                return ((AggregateException?)e, VirtualTime.Now);
            }
        });

        Assert.Same(callbackError, Assert.Single(caught!.Flatten().InnerExceptions));
        Assert.Equal(1.0, at);
    }

    [Fact]
    public void Deadline_TokenCallbackThrowsInANursery_TheOtherChildrenUnwind()
    {
        var unwound = new List<string>();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(async () =>
            {
                try
                {
                    await Trio.SleepForever();
                }
                finally
                {
                    unwound.Add("sibling");
                }
            });
            nursery.StartSoon(() => CancelScope.WithTimeout(TimeSpan.FromSeconds(1)).RunAsync(async scope =>
            {
                using var registration = scope.Token.Register(() => throw new InvalidDataException());
                await Trio.SleepForever();
            }));
            return Task.CompletedTask;
        })));

        Assert.IsType<InvalidDataException>(Assert.Single(error.Flatten().InnerExceptions));
        Assert.Equal(["sibling"], unwound);
    }

    [Fact]
    public void CurrentCancellationToken_InsideScope_IsThatScopesToken()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(s =>
        {
            Assert.Equal(s.Token, Trio.CurrentCancellationToken);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void RunAsync_BodyThrowsOperationCanceledWithScopeToken_TreatedAsCancelledAndCaught()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(s =>
        {
            s.Cancel();
            s.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_BclWaitCancelledBySiblingThroughToken_ScopeCatchesAtOnce()
    {
        var scope = new CancelScope();

        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() => scope.RunAsync(s => Task.Delay(Timeout.Infinite, s.Token)));
                n.StartSoon(async () =>
                {
                    await Trio.Checkpoint();
                    scope.Cancel();
                });
                return Task.CompletedTask;
            });
            Assert.Equal(0.0, VirtualTime.Now);
        });

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_OperationCanceledFromOuterScopesToken_OuterCatches()
    {
        var outer = new CancelScope();
        var inner = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(o => inner.RunAsync(() =>
        {
            o.Cancel();
            o.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        })));

        Assert.False(inner.CancelledCaught);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void RunAsync_OperationCanceledFromForeignToken_PropagatesEvenIfScopeCancelled()
    {
        using var foreign = new CancellationTokenSource();
        foreign.Cancel();
        var scope = new CancelScope();

        var error = Assert.Throws<OperationCanceledException>(() => VirtualTime.Run(() => scope.RunAsync(s =>
        {
            s.Cancel();
            foreign.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        })));

        Assert.Equal(foreign.Token, error.CancellationToken);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_NurseryChildThrowsNurseryScopeToken_AbsorbedAsCancellation()
    {
        Nursery? nursery = null;

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            nursery = n;
            var token = n.CancelScope.Token;
            n.StartSoon(() =>
            {
                token.ThrowIfCancellationRequested();
                return Task.CompletedTask;
            });
            n.CancelScope.Cancel();
            return Task.CompletedTask;
        }));

        Assert.True(nursery!.CancelScope.CancelledCaught);
    }
}
